import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken, getEntityManagerToken } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';

let instances = 0;

/**
 * TypeORM for one service, under a data source name of its own. @nestjs/typeorm keeps the names in use per
 * process and warns when one repeats, which the default name does as soon as a process runs two services (the
 * tests run the gateway beside ticket-service). `DataSource` and `EntityManager`, what the code injects (and what
 * `TypeOrmModule.forFeature` and the health check look for), stay available as aliases.
 */
@Module({})
export class ServiceDatabaseModule {
  static forRoot(options: DataSourceOptions): DynamicModule {
    instances += 1;
    const name = `service-database-${instances}`;
    return {
      module: ServiceDatabaseModule,
      global: true,
      imports: [TypeOrmModule.forRoot({ ...options, name })],
      providers: [
        { provide: DataSource, useExisting: getDataSourceToken(name) },
        { provide: EntityManager, useExisting: getEntityManagerToken(name) },
      ],
      exports: [DataSource, EntityManager],
    };
  }
}
