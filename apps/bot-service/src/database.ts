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
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: 'bot-service',
  });
}
