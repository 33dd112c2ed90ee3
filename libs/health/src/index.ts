export * from './health.module';
export * from './rabbitmq.health';
