export * from './logging.module';
export * from './correlation';
