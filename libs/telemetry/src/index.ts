export * from './service-metrics';
export * from './refreshed-gauge';
export * from './tracing';
export * from './tracing-sdk';
export * from './telemetry.module';
