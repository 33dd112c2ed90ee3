export * from './logging.module';
export * from './correlation';
export * from './framework-chatter';
export * from './redact-bot-token';
