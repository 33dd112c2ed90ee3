import { Module } from '@nestjs/common';
import { SetAsideMetrics } from '../telemetry/set-aside-metrics';
import { SetAsideUpdates } from './set-aside-updates';

/** Updates that cannot be served (malformed, or refused by ticket-service for good), kept for a person to look at. */
@Module({
  providers: [SetAsideUpdates, SetAsideMetrics],
  exports: [SetAsideUpdates],
})
export class SetAsideModule {}
