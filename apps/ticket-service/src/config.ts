import { z } from 'zod';
import { databaseEnv, loggingEnv, messagingEnv, port, positiveInt } from '@app/config';

export const ticketServiceEnv = z.object({
  ...databaseEnv,
  ...messagingEnv,
  ...loggingEnv,
  /** ticket-service speaks only RabbitMQ; this port serves its health checks */
  TICKET_SERVICE_PORT: port(3002),
  // Agent work (issue 16)
  /** `round_robin`: each new ticket goes to the next active agent, not away, under ASSIGNMENT_MAX_OPEN */
  ASSIGNMENT: z.enum(['off', 'round_robin']).default('off'),
  /** active tickets (open or in progress) an agent may hold before auto-assignment passes them over */
  ASSIGNMENT_MAX_OPEN: positiveInt(10),
});
export type TicketServiceConfig = z.output<typeof ticketServiceEnv>;

export const TICKET_SCHEMA = 'ticket';
