import { Module } from '@nestjs/common';
import { BotMetrics } from './bot-metrics';
import { FileTransferMetrics } from './file-transfer-metrics';

/** bot-service's own figures (updates stored, sends, file transfers), beside the common service metrics. */
@Module({
  providers: [BotMetrics, FileTransferMetrics],
  exports: [BotMetrics, FileTransferMetrics],
})
export class BotMetricsModule {}
