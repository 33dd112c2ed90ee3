import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@app/database';
import { AUTH_SCHEMA, GatewayConfig } from './config';
import { AUTH_ENTITIES } from './entities';
import { AUTH_MIGRATIONS } from './migrations';

export function authDataSourceOptions(config: GatewayConfig): DataSourceOptions {
  return serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: AUTH_SCHEMA,
    entities: AUTH_ENTITIES,
    migrations: AUTH_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: 'api-gateway',
  });
}
