export * from './run-service';
export * from './work-loop';
export * from './backoff';
export * from './background-worker';
