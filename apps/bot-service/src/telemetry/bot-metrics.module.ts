import { Module } from '@nestjs/common';
import { BotMetrics } from './bot-metrics';

/** bot-service's own figures (updates stored, sends and their outcomes), beside the common service metrics. */
@Module({
  providers: [BotMetrics],
  exports: [BotMetrics],
})
export class BotMetricsModule {}
