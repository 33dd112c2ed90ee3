export * from './data-source-options';
export * from './migrate';
export * from './processed-events';
export * from './processed-events-retention';
export * from './service-roles';
export * from './connection-loss';
