export * from './data-source-options';
export * from './migrate';
export * from './processed-events';
export * from './service-database.module';
export * from './processed-events-retention';
export * from './table-retention';
export * from './service-roles';
export * from './connection-loss';
