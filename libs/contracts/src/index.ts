export * from './tickets';
export * from './errors';
export * from './events';
export * from './rpc';
export * from './services';
export * from './rpc-callers';
export * from './storable-text';
export * from './live-events';
