import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { BotMetricsModule } from '../telemetry/bot-metrics.module';
import { FileDownloads } from './file-downloads';
import { TelegramFileFetcher } from './telegram-file-fetcher';

/** Clients' files: downloaded from Telegram and handed to ticket-service after the message that carries them. */
@Module({
  imports: [DeliveryModule, BotMetricsModule],
  providers: [FileDownloads, TelegramFileFetcher],
  exports: [FileDownloads],
})
export class FilesModule {}
