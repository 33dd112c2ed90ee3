import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { migrateTicketSchema, startTicketService } from './bootstrap';
import { ticketServiceEnv } from './config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(ticketServiceEnv);
  if (process.argv[2] === 'migrate') {
    await migrateTicketSchema(config);
    return;
  }
  await startTicketService(config);
}

main().catch((error: unknown) => {
  process.stderr.write(`ticket-service failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
