import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { migrateAuthSchema, startGateway } from './bootstrap';
import { gatewayEnv } from './config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(gatewayEnv);
  if (process.argv[2] === 'migrate') {
    await migrateAuthSchema(config);
    return;
  }
  await startGateway(config);
}

main().catch((error: unknown) => {
  process.stderr.write(`api-gateway failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
