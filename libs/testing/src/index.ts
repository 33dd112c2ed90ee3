export * from './test-environment';
export * from './eventually';
export * from './tcp-proxy';
export * from './free-port';
export * from './event-tap';
export * from './prometheus-text';
