import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { BotMetricsModule } from '../telemetry/bot-metrics.module';
import { FileDownloadRetention } from './file-download-retention';
import { FileDownloads } from './file-downloads';
import { TelegramFileFetcher } from './telegram-file-fetcher';

/** Clients' files: downloaded from Telegram and handed to ticket-service after the message that carries them; finished downloads pruned. */
@Module({
  imports: [DeliveryModule, BotMetricsModule],
  providers: [FileDownloads, TelegramFileFetcher, FileDownloadRetention],
  exports: [FileDownloads],
})
export class FilesModule {}
