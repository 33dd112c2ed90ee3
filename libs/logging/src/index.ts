export * from './logging.module';
export * from './correlation';
export * from './redact-bot-token';
