import { z } from 'zod';
import { databaseEnv, loggingEnv, messagingEnv, port, telemetryEnv } from '@app/config';

export const ticketServiceEnv = z.object({
  ...databaseEnv,
  ...messagingEnv,
  ...loggingEnv,
  ...telemetryEnv,
  /** ticket-service speaks only RabbitMQ; this port serves its health checks */
  TICKET_SERVICE_PORT: port(3002),
});
export type TicketServiceConfig = z.output<typeof ticketServiceEnv>;

export const TICKET_SCHEMA = 'ticket';
