import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@app/database';
import { TICKET_SCHEMA, TicketServiceConfig } from './config';
import { TICKET_ENTITIES } from './entities';
import { TICKET_MIGRATIONS } from './migrations';

export function ticketDataSourceOptions(config: TicketServiceConfig): DataSourceOptions {
  return serviceDataSourceOptions({
    url: config.DATABASE_URL,
    schema: TICKET_SCHEMA,
    entities: TICKET_ENTITIES,
    migrations: TICKET_MIGRATIONS,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: 'ticket-service',
  });
}
