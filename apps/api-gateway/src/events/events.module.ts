import { Module } from '@nestjs/common';
import { EventsHttpController } from './events.http.controller';
import { LiveFeed } from './live-feed';

@Module({
  controllers: [EventsHttpController],
  providers: [LiveFeed],
  exports: [LiveFeed],
})
export class EventsModule {}
