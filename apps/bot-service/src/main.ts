import 'reflect-metadata';
import { runService } from '@app/runtime';
import { migrateBotSchema, startBotService } from './bootstrap';
import { botServiceEnv } from './config';

runService({
  name: 'bot-service',
  env: botServiceEnv,
  migrate: migrateBotSchema,
  start: (config) => startBotService(config),
});
