import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventsHttpController } from './events.http.controller';
import { LiveFeed } from './live-feed';

@Module({
  imports: [AuthModule],
  controllers: [EventsHttpController],
  providers: [LiveFeed],
  exports: [LiveFeed],
})
export class EventsModule {}
