import { Module } from '@nestjs/common';
import { EventStreamMetrics } from './event-stream-metrics';
import { EventsHttpController } from './events.http.controller';
import { LiveFeed } from './live-feed';

@Module({
  controllers: [EventsHttpController],
  providers: [LiveFeed, EventStreamMetrics],
  exports: [LiveFeed],
})
export class EventsModule {}
