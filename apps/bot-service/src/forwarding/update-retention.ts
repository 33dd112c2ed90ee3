import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TableRetention } from '@app/database';
import { BotServiceConfig } from '../config';

/**
 * Deletes forwarded updates older than BOT_UPDATE_RETENTION_DAYS. They are kept only to recognise a
 * redelivery of the same update_id, which Telegram does within hours, not days.
 */
@Injectable()
export class UpdateRetention extends TableRetention {
  constructor(dataSource: DataSource, config: BotServiceConfig) {
    super(dataSource, {
      table: 'bot.inbound_updates',
      key: ['update_id'],
      ageColumn: 'forwarded_at',
      maxAge: { days: config.BOT_UPDATE_RETENTION_DAYS },
    });
  }
}
