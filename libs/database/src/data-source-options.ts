import { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface ServiceDataSourceConfig {
  url: string;
  /** the service's own schema: its tables and its migrations table live there */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName: string;
}

/** TypeORM options for one service; never `synchronize`: the schema changes only by migrations. */
export function serviceDataSourceOptions(config: ServiceDataSourceConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    schema: config.schema,
    entities: config.entities,
    migrations: config.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName: config.applicationName,
    poolSize: config.poolSize ?? 10,
    extra: { max: config.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  };
}
