import { Module } from '@nestjs/common';
import { CannedReplies } from './canned-replies';
import { CannedRepliesMessageController } from './canned-replies.message.controller';

/** Prepared answers: managed here, sent through Replies. */
@Module({
  controllers: [CannedRepliesMessageController],
  providers: [CannedReplies],
  exports: [CannedReplies],
})
export class CannedRepliesModule {}
