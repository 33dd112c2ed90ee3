import 'reflect-metadata';
import { runService } from '@app/runtime';
import { migrateTicketSchema, startTicketService } from './bootstrap';
import { ticketServiceEnv } from './config';

runService({
  name: 'ticket-service',
  env: ticketServiceEnv,
  migrate: migrateTicketSchema,
  start: (config) => startTicketService(config),
});
