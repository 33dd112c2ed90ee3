import { z } from 'zod';
import { TicketStatusSchema } from './tickets';

/** Event names are routing keys on the topic exchange; spelled only here. */
export const Events = {
  TicketCreated: 'ticket.created',
  TicketStatusChanged: 'ticket.status_changed',
  MessageOutbound: 'message.outbound',
  /** bot-service → ticket-service: how delivering an outbound message ended. */
  MessageDeliveryReported: 'message.delivery_reported',
} as const;
export type EventName = (typeof Events)[keyof typeof Events];

const envelope = {
  eventId: z.string().uuid(),
  occurredAt: z.string().datetime({ offset: true }),
  /**
   * The producer's outbox position, set when the event is published: of two changes made one after
   * the other (e.g. a reply, then closing the ticket), the later has the higher sequence. Consumers
   * that must keep a client's order sort by (occurredAt, sequence).
   */
  sequence: z.number().int().nonnegative().optional(),
};
const chatId = z.number().int();
const languageCode = z.string().max(35).nullable();

export const TicketCreatedSchema = z.object({
  ...envelope,
  ticketId: z.number().int().positive(),
  clientId: z.number().int().positive(),
  telegramId: z.number().int(),
  chatId,
  languageCode,
  /** opened outside business hours: when the team is back, to tell the client (absent when hours are unset) */
  outsideBusinessHours: z.object({ answerFrom: z.string().datetime({ offset: true }), timeZone: z.string() }).nullable().optional(),
});
export type TicketCreatedEvent = z.infer<typeof TicketCreatedSchema>;

export const TicketStatusChangedSchema = z.object({
  ...envelope,
  ticketId: z.number().int().positive(),
  from: TicketStatusSchema,
  to: TicketStatusSchema,
  /** employee id; null when the system changed it */
  changedBy: z.number().int().positive().nullable(),
  chatId,
  languageCode,
});
export type TicketStatusChangedEvent = z.infer<typeof TicketStatusChangedSchema>;

export const MessageOutboundSchema = z.object({
  ...envelope,
  ticketId: z.number().int().positive(),
  messageId: z.number().int().positive(),
  chatId,
  text: z.string().min(1),
  languageCode,
});
export type MessageOutboundEvent = z.infer<typeof MessageOutboundSchema>;

export const DELIVERY_OUTCOMES = ['delivered', 'failed'] as const;
export const MessageDeliveryReportedSchema = z.object({
  ...envelope,
  ticketId: z.number().int().positive(),
  messageId: z.number().int().positive(),
  status: z.enum(DELIVERY_OUTCOMES),
  /** why it failed, e.g. "blocked by the user" */
  reason: z.string().nullable(),
  /** the client blocked the bot: further sends to this chat are pointless */
  clientUnreachable: z.boolean(),
});
export type MessageDeliveryReportedEvent = z.infer<typeof MessageDeliveryReportedSchema>;

export interface EventPayloads {
  [Events.TicketCreated]: TicketCreatedEvent;
  [Events.TicketStatusChanged]: TicketStatusChangedEvent;
  [Events.MessageOutbound]: MessageOutboundEvent;
  [Events.MessageDeliveryReported]: MessageDeliveryReportedEvent;
}

/** An event's body without the envelope, as a producer writes it to its outbox. */
export type EventBody<E extends EventName> = Omit<EventPayloads[E], 'eventId' | 'occurredAt' | 'sequence'>;
