export * from './tickets';
export * from './errors';
export * from './events';
export * from './rpc';
export * from './services';
export * from './satisfaction';
export * from './reports';
