import { z } from 'zod';
import { DELIVERY_STATUSES, MessageView, TicketView } from './tickets';

/**
 * Facts ticket-service publishes for employees' consoles, which the gateway streams on GET /events.
 * `Events` (events.ts) includes these names; the bodies carry the REST API's views, so a console applies an
 * event exactly as it would the answer to a fresh GET.
 */
export const LiveEvents = {
  /** the ticket view after a change of status, assignee, priority, tags or last message */
  TicketUpdated: 'ticket.updated',
  /** a message added to a ticket's conversation (a client's, a reply, a note, a system notice), as its view */
  MessageCreated: 'message.created',
  /** a reply's delivery state changed */
  MessageDeliveryUpdated: 'message.delivery_updated',
} as const;

const envelope = {
  eventId: z.string().uuid(),
  occurredAt: z.string().datetime({ offset: true }),
  sequence: z.number().int().nonnegative().optional(),
};

/** The views are built by ticket-service's own view functions; here only their identity is checked. */
const ticketView = z.object({ id: z.number().int().positive() }).passthrough() as unknown as z.ZodType<TicketView>;
const messageView = z
  .object({ id: z.number().int().positive(), ticketId: z.number().int().positive() })
  .passthrough() as unknown as z.ZodType<MessageView>;

export const TicketUpdatedSchema = z.object({ ...envelope, ticket: ticketView });
export type TicketUpdatedEvent = z.infer<typeof TicketUpdatedSchema>;

export const MessageCreatedSchema = z.object({ ...envelope, message: messageView });
export type MessageCreatedEvent = z.infer<typeof MessageCreatedSchema>;

export const MessageDeliveryUpdatedSchema = z.object({
  ...envelope,
  ticketId: z.number().int().positive(),
  messageId: z.number().int().positive(),
  deliveryStatus: z.enum(DELIVERY_STATUSES),
  deliveryError: z.string().nullable(),
});
export type MessageDeliveryUpdatedEvent = z.infer<typeof MessageDeliveryUpdatedSchema>;

export interface LiveEventPayloads {
  [LiveEvents.TicketUpdated]: TicketUpdatedEvent;
  [LiveEvents.MessageCreated]: MessageCreatedEvent;
  [LiveEvents.MessageDeliveryUpdated]: MessageDeliveryUpdatedEvent;
}
