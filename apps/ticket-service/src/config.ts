import { z } from 'zod';
import { databaseEnv, eventDedupeEnv, loggingEnv, messagingEnv, port, positiveInt, telemetryEnv } from '@app/config';

export const ticketServiceEnv = z.object({
  ...databaseEnv,
  ...messagingEnv,
  ...loggingEnv,
  ...telemetryEnv,
  ...eventDedupeEnv,
  /** ticket-service speaks only RabbitMQ; this port serves its health checks */
  TICKET_SERVICE_PORT: port(3002),
  /** the broker users api-gateway and bot-service connect as; only they may send their RPCs (default: ours) */
  RABBITMQ_GATEWAY_USER: z.string().min(1).optional(),
  RABBITMQ_BOT_USER: z.string().min(1).optional(),
  // Agent work (issue 16)
  /** `round_robin`: each new ticket goes to the next active agent, not away, under ASSIGNMENT_MAX_OPEN */
  ASSIGNMENT: z.enum(['off', 'round_robin']).default('off'),
  /** active tickets (open or in progress) an agent may hold before auto-assignment passes them over */
  ASSIGNMENT_MAX_OPEN: positiveInt(10),
});
export type TicketServiceConfig = z.output<typeof ticketServiceEnv>;

export const TICKET_SCHEMA = 'ticket';
