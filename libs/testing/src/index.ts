export * from './test-environment';
export * from './eventually';
export * from './tcp-proxy';
