export * from './data-source-options';
export * from './migrate';
export * from './processed-events';
export * from './service-database.module';
