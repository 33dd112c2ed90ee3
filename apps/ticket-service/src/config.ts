import { z } from 'zod';
import { databaseEnv, loggingEnv, messagingEnv, port } from '@app/config';
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
  /** ticket-service speaks only RabbitMQ; this port serves its health checks */
  TICKET_SERVICE_PORT: port(3002),
  // response-time targets
  BUSINESS_HOURS: businessHours,
  SLA_FIRST_RESPONSE_MINUTES: minutes,
  SLA_RESOLUTION_MINUTES: minutes,
});
export type TicketServiceConfig = z.output<typeof ticketServiceEnv>;

export const TICKET_SCHEMA = 'ticket';
