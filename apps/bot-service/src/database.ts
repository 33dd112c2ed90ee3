import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@app/database';
import { BOT_SCHEMA, BotServiceConfig } from './config';
import { BOT_ENTITIES } from './entities';
import { BOT_MIGRATIONS } from './migrations';

export function botDataSourceOptions(config: BotServiceConfig): DataSourceOptions {
  return serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: BOT_SCHEMA,
    entities: BOT_ENTITIES,
    migrations: BOT_MIGRATIONS,
    // the senders, forwarders and downloaders each hold a connection while Telegram or ticket-service answers
    poolSize:
      config.DATABASE_POOL_SIZE +
      config.TELEGRAM_SEND_CONCURRENCY +
      config.BOT_FORWARD_CONCURRENCY +
      config.BOT_DOWNLOAD_CONCURRENCY,
    applicationName: 'bot-service',
  });
}
