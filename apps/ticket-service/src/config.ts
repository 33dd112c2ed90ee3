import { z } from 'zod';
import {
  configClass,
  databaseEnv,
  eventDedupeEnv,
  loggingEnv,
  messagingEnv,
  port,
  positiveInt,
  telemetryEnv,
} from '@app/config';
import { BusinessHours } from './service-level/business-hours';

/** `Europe/Moscow Mon-Fri 09:00-18:00`, parsed at start; unset: always open. */
const businessHours = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return null;
    try {
      return BusinessHours.parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
const minutes = z.coerce.number().int().positive().max(525_600).optional();

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
  // response-time targets
  BUSINESS_HOURS: businessHours,
  SLA_FIRST_RESPONSE_MINUTES: minutes,
  SLA_RESOLUTION_MINUTES: minutes,
});
/** The parsed config; constructors take it by this class (see configClass). */
export abstract class TicketServiceConfig extends configClass(ticketServiceEnv) {}

/** For what takes the schema as a parameter (migrations, outbox, processed events); SQL names it as `ticket.tickets`. */
export const TICKET_SCHEMA = 'ticket';
