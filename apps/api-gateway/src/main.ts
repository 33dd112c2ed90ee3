import 'reflect-metadata';
import { runService } from '@app/runtime';
import { migrateAuthSchema, startGateway } from './bootstrap';
import { gatewayEnv } from './config';

runService({
  name: 'api-gateway',
  env: gatewayEnv,
  migrate: migrateAuthSchema,
  start: (config) => startGateway(config),
});
