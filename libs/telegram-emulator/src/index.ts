export * from './types';
export * from './telegram-emulator';
export { TEXT_LIMIT } from './bot-api';
