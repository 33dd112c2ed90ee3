import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TableRetention } from '@app/database';
import { BotServiceConfig } from '../config';

/**
 * Deletes finished downloads of clients' files (`bot.file_downloads`) older than BOT_UPDATE_RETENTION_DAYS, as
 * their forwarded updates are: a finished row only keeps a redelivered update from queuing its file again. A
 * download still under way is never deleted; the bytes are ticket-service's, kept with their message.
 */
@Injectable()
export class FileDownloadRetention extends TableRetention {
  constructor(dataSource: DataSource, config: BotServiceConfig) {
    super(dataSource, {
      table: 'bot.file_downloads',
      key: ['chat_id', 'telegram_message_id'],
      ageColumn: 'finished_at',
      maxAge: { days: config.BOT_UPDATE_RETENTION_DAYS },
    });
  }
}
