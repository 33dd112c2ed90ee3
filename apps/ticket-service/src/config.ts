import { z } from 'zod';
import { databaseEnv, eventDedupeEnv, loggingEnv, messagingEnv, port } from '@app/config';

export const ticketServiceEnv = z.object({
  ...databaseEnv,
  ...messagingEnv,
  ...loggingEnv,
  ...eventDedupeEnv,
  /** ticket-service speaks only RabbitMQ; this port serves its health checks */
  TICKET_SERVICE_PORT: port(3002),
});
export type TicketServiceConfig = z.output<typeof ticketServiceEnv>;

export const TICKET_SCHEMA = 'ticket';
