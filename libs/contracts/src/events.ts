import { z } from 'zod';
import { CAPTION_MAX_LENGTH, OUTBOUND_FILE_METHODS, StoredFileSchema } from './attachments';
import { LiveEventPayloads, LiveEvents } from './live-events';
import { TicketStatusSchema } from './tickets';

/** Event names are routing keys on the topic exchange; spelled only here. */
export const Events = {
  TicketCreated: 'ticket.created',
  TicketStatusChanged: 'ticket.status_changed',
  MessageOutbound: 'message.outbound',
  /** bot-service → ticket-service: how delivering an outbound message ended. */
  MessageDeliveryReported: 'message.delivery_reported',
  /** an employee's file to deliver: a reference to the stored bytes (claim check), never the bytes */
  MessageOutboundFile: 'message.outbound_file',
  /** api-gateway → ticket-service: an employee was created or changed (role, active, away), for auto-assignment. */
  EmployeeChanged: 'employee.changed',

  // Live events for employees' consoles (the gateway streams them on GET /events).
  ...LiveEvents,
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
  /** the timeline's system message standing for the notice the bot sends; its delivery is reported back */
  noticeMessageId: z.number().int().positive().optional(),
  /** opened outside business hours: when the team is back, to tell the client (absent when hours are unset) */
  outsideBusinessHours: z
    .object({ answerFrom: z.string().datetime({ offset: true }), timeZone: z.string() })
    .nullable()
    .optional(),
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
  /** as in ticket.created */
  noticeMessageId: z.number().int().positive().optional(),
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

export const MessageOutboundFileSchema = z.object({
  ...envelope,
  ticketId: z.number().int().positive(),
  messageId: z.number().int().positive(),
  chatId,
  caption: z.string().max(CAPTION_MAX_LENGTH).nullable(),
  fileName: z.string().min(1).max(255),
  mimeType: z.string().max(255),
  file: StoredFileSchema,
  method: z.enum(OUTBOUND_FILE_METHODS),
  languageCode,
});
export type MessageOutboundFileEvent = z.infer<typeof MessageOutboundFileSchema>;

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
  /** delivered: the id Telegram gave it in the chat, which a client's reply to it names (media, issue 15) */
  telegramMessageId: z.number().int().optional(),
  /** what the bot sent: a notice's text is composed by the bot, and the timeline shows it */
  text: z.string().optional(),
});

export const EMPLOYEE_ROLES_IN_EVENTS = ['admin', 'agent'] as const;
export const EmployeeChangedSchema = z.object({
  ...envelope,
  employeeId: z.number().int().positive(),
  role: z.enum(EMPLOYEE_ROLES_IN_EVENTS),
  active: z.boolean(),
  away: z.boolean(),
});
export type EmployeeChangedEvent = z.infer<typeof EmployeeChangedSchema>;
export type MessageDeliveryReportedEvent = z.infer<typeof MessageDeliveryReportedSchema>;

export interface EventPayloads extends LiveEventPayloads {
  [Events.TicketCreated]: TicketCreatedEvent;
  [Events.TicketStatusChanged]: TicketStatusChangedEvent;
  [Events.MessageOutbound]: MessageOutboundEvent;
  [Events.MessageDeliveryReported]: MessageDeliveryReportedEvent;
  [Events.MessageOutboundFile]: MessageOutboundFileEvent;
  [Events.EmployeeChanged]: EmployeeChangedEvent;
}

/** An event's body without the envelope, as a producer writes it to its outbox. */
export type EventBody<E extends EventName> = Omit<EventPayloads[E], 'eventId' | 'occurredAt' | 'sequence'>;
