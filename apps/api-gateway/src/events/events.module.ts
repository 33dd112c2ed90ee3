import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventStreamMetrics } from './event-stream-metrics';
import { EventsHttpController } from './events.http.controller';
import { LiveFeed } from './live-feed';

@Module({
  imports: [AuthModule],
  controllers: [EventsHttpController],
  providers: [LiveFeed, EventStreamMetrics],
  exports: [LiveFeed],
})
export class EventsModule {}
