export * from './load-config';
export * from './config.module';
export * from './common-env';
export * from './secrets';
