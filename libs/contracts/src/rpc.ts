import { z } from 'zod';
import {
  ClientView,
  MessageKindSchema,
  MessageView,
  PAGE_LIMIT,
  Page,
  SORT_ORDERS,
  TICKET_SORT_FIELDS,
  TicketStatusSchema,
  TicketView,
} from './tickets';
import { RateTicketRequest, RateTicketResult, RateTicketSchema } from './satisfaction';
import { ReportSummary, ReportSummaryRequest } from './reports';

/**
 * RPC patterns served by ticket-service; spelled only here. Each request has two types: `…Request`, what a
 * caller sends (defaults may be left out), and `…Command` / `…Query`, what the handler receives once the
 * contract's schema has parsed it.
 */
export const TicketRpc = {
  RegisterClient: 'ticket-service.register-client',
  RecordInbound: 'ticket-service.record-inbound',
  RecordInboundBatch: 'ticket-service.record-inbound-batch',
  ListTickets: 'ticket-service.list-tickets',
  GetTicket: 'ticket-service.get-ticket',
  ChangeStatus: 'ticket-service.change-status',
  Assign: 'ticket-service.assign',
  ListMessages: 'ticket-service.list-messages',
  Reply: 'ticket-service.reply',
  Ping: 'ticket-service.ping',
  // satisfaction and reports
  RateTicket: 'ticket-service.rate-ticket',
  ReportSummary: 'ticket-service.report-summary',
} as const;
export type TicketRpcPattern = (typeof TicketRpc)[keyof typeof TicketRpc];

/**
 * Patterns that only read. Their requests travel as transient messages: the answer goes back over direct
 * reply-to, whose reply channel dies with the broker, so a query kept on disk across a broker restart could
 * never be answered, and persisting it would buy nothing. Every other pattern is a command and stays
 * persistent.
 */
export const RPC_QUERIES: ReadonlySet<string> = new Set<TicketRpcPattern>([
  TicketRpc.ListTickets,
  TicketRpc.GetTicket,
  TicketRpc.ListMessages,
  TicketRpc.Ping,
  TicketRpc.ReportSummary,
]);

const nullableText = (max: number) => z.string().max(max).nullable().default(null);
const id = z.number().int().positive();

export const TelegramProfileSchema = z.object({
  telegramId: z.number().int(),
  chatId: z.number().int(),
  username: nullableText(64),
  firstName: nullableText(256),
  lastName: nullableText(256),
  languageCode: nullableText(35),
});
/** A client's profile as a handler receives it (defaults applied). */
export type TelegramProfile = z.output<typeof TelegramProfileSchema>;

export const RegisterClientSchema = TelegramProfileSchema;
export type RegisterClientRequest = z.input<typeof RegisterClientSchema>;
export type RegisterClientCommand = z.output<typeof RegisterClientSchema>;

export const RecordInboundSchema = TelegramProfileSchema.extend({
  /** Telegram's message_id within the chat: with chatId, the idempotency key */
  telegramMessageId: z.number().int(),
  kind: MessageKindSchema,
  text: z.string().max(20_000).nullable().default(null),
  fileId: z.string().max(512).nullable().default(null),
  /** when the client sent it (Telegram's date), ISO 8601 */
  sentAt: z.string().datetime({ offset: true }),
});
export type RecordInboundRequest = z.input<typeof RecordInboundSchema>;
export type RecordInboundCommand = z.output<typeof RecordInboundSchema>;
export interface RecordInboundResult {
  ticketId: number;
  messageId: number;
  ticketCreated: boolean;
  /** this exact Telegram message was recorded before; nothing changed */
  duplicate: boolean;
  /** the message was taken as the comment on the client's rating of a closed ticket (ticketId) */
  csatComment?: boolean;
}

/** Most updates the bot hands over in one RecordInboundBatch call. */
export const INBOUND_BATCH_MAX = 200;

/** One stored Telegram update as the bot hands it over: a /start (register) or a message (record). */
export const InboundBatchItemSchema = z.discriminatedUnion('route', [
  z.object({ route: z.literal('register'), profile: RegisterClientSchema }),
  z.object({ route: z.literal('record'), message: RecordInboundSchema }),
  z.object({ route: z.literal('rate'), rating: RateTicketSchema }),
]);
export type InboundBatchItem = z.input<typeof InboundBatchItemSchema>;
export type InboundBatchItemCommand = z.output<typeof InboundBatchItemSchema>;

/**
 * Several clients' updates in one call. Items of one chat come in the order the client sent them and are
 * applied in that order; each item is applied exactly as RegisterClient / RecordInbound would apply it
 * (idempotent, so a redelivered batch changes nothing).
 */
export const RecordInboundBatchSchema = z.object({
  items: z.array(InboundBatchItemSchema).min(1).max(INBOUND_BATCH_MAX),
});
export type RecordInboundBatchRequest = z.input<typeof RecordInboundBatchSchema>;
export type RecordInboundBatchCommand = z.output<typeof RecordInboundBatchSchema>;

/** One result per item, in the items' order. */
export type InboundBatchItemResult =
  | { route: 'register'; clientId: number }
  | ({ route: 'record' } & RecordInboundResult)
  | ({ route: 'rate' } & RateTicketResult);
export interface RecordInboundBatchResult {
  results: InboundBatchItemResult[];
}

export const ListTicketsSchema = z.object({
  status: z.array(TicketStatusSchema).min(1).optional(),
  /** an employee id, or 'none' for unassigned ('me' is resolved by the gateway) */
  assigneeId: z.union([id, z.literal('none')]).optional(),
  sort: z.enum(TICKET_SORT_FIELDS).default('updatedAt'),
  order: z.enum(SORT_ORDERS).default('desc'),
  limit: z.number().int().min(PAGE_LIMIT.min).max(PAGE_LIMIT.max).default(PAGE_LIMIT.default),
  cursor: z.string().max(512).optional(),
  /** a response-time target passed unmet (true), or not (false) */
  slaBreached: z.boolean().optional(),
});
export type ListTicketsRequest = z.input<typeof ListTicketsSchema>;
export type ListTicketsQuery = z.output<typeof ListTicketsSchema>;

export const GetTicketSchema = z.object({ ticketId: id });
export type GetTicketRequest = z.input<typeof GetTicketSchema>;
export type GetTicketQuery = z.output<typeof GetTicketSchema>;

export const ChangeStatusSchema = z.object({
  ticketId: id,
  status: TicketStatusSchema,
  employeeId: id,
});
export type ChangeStatusRequest = z.input<typeof ChangeStatusSchema>;
export type ChangeStatusCommand = z.output<typeof ChangeStatusSchema>;

export const AssignSchema = z.object({
  ticketId: id,
  assigneeId: id.nullable(),
  employeeId: id,
});
export type AssignRequest = z.input<typeof AssignSchema>;
export type AssignCommand = z.output<typeof AssignSchema>;

export const ListMessagesSchema = z.object({
  ticketId: id,
  limit: z.number().int().min(PAGE_LIMIT.min).max(PAGE_LIMIT.max).default(PAGE_LIMIT.default),
  cursor: z.string().max(512).optional(),
});
export type ListMessagesRequest = z.input<typeof ListMessagesSchema>;
export type ListMessagesQuery = z.output<typeof ListMessagesSchema>;

export const REPLY_MAX_LENGTH = 20_000;
export const ReplySchema = z.object({
  ticketId: id,
  employeeId: id,
  text: z.string().trim().min(1).max(REPLY_MAX_LENGTH),
});
export type ReplyRequest = z.input<typeof ReplySchema>;
export type ReplyCommand = z.output<typeof ReplySchema>;

/** Request and response types of every RPC pattern, so a call is typed end to end. */
export interface TicketRpcMap {
  [TicketRpc.RegisterClient]: { request: RegisterClientRequest; response: ClientView };
  [TicketRpc.RecordInbound]: { request: RecordInboundRequest; response: RecordInboundResult };
  [TicketRpc.RecordInboundBatch]: { request: RecordInboundBatchRequest; response: RecordInboundBatchResult };
  [TicketRpc.ListTickets]: { request: ListTicketsRequest; response: Page<TicketView> };
  [TicketRpc.GetTicket]: { request: GetTicketRequest; response: TicketView };
  [TicketRpc.ChangeStatus]: { request: ChangeStatusRequest; response: TicketView };
  [TicketRpc.Assign]: { request: AssignRequest; response: TicketView };
  [TicketRpc.ListMessages]: { request: ListMessagesRequest; response: Page<MessageView> };
  [TicketRpc.Reply]: { request: ReplyRequest; response: MessageView };
  [TicketRpc.Ping]: { request: Record<string, never>; response: { ok: true } };
  [TicketRpc.RateTicket]: { request: RateTicketRequest; response: RateTicketResult };
  [TicketRpc.ReportSummary]: { request: ReportSummaryRequest; response: ReportSummary };
}
