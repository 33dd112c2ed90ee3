import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { migrateBotSchema, startBotService } from './bootstrap';
import { botServiceEnv } from './config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(botServiceEnv);
  if (process.argv[2] === 'migrate') {
    await migrateBotSchema(config);
    return;
  }
  await startBotService(config);
}

main().catch((error: unknown) => {
  process.stderr.write(`bot-service failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
