import { Module } from '@nestjs/common';
import { RatingComments } from './rating-comments';
import { Ratings } from './ratings';
import { SatisfactionMessageController } from './satisfaction.message.controller';

/** The client's rating of a closed ticket and the comment that may follow it. */
@Module({
  controllers: [SatisfactionMessageController],
  providers: [Ratings, RatingComments],
  exports: [Ratings, RatingComments],
})
export class SatisfactionModule {}
