import 'reflect-metadata';
import { runService } from '@app/runtime';
import { migrateAuthSchema, startGateway } from './bootstrap';
import { gatewayEnv } from './config';
import { printOpenApiDocument } from './http/openapi-command';

if (process.argv[2] === 'openapi') {
  printOpenApiDocument().catch((error: unknown) => {
    process.stderr.write(`api-gateway openapi failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
} else {
  runService({
    name: 'api-gateway',
    env: gatewayEnv,
    migrate: migrateAuthSchema,
    start: (config) => startGateway(config),
  });
}
