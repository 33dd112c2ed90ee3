export * from './types';
export * from './client-user';
export * from './telegram-emulator';
export { TEXT_LIMIT } from './bot-api';
