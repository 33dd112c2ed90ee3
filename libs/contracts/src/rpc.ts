import { z } from 'zod';
import {
  AttachmentChunk,
  FileChunk,
  InboundAttachmentSchema,
  PutFileChunkRequest,
  ReadAttachmentChunkRequest,
  ReadFileChunkRequest,
  RecordEditSchema,
  ReplyWithFileRequest,
  SettleInboundAttachmentRequest,
} from './attachments';
import {
  CANNED_REPLY_LIMITS,
  CannedReplyView,
  ClientProfileView,
  TAG_LIMITS,
  TICKET_PRIORITIES,
  TicketHistoryEntry,
} from './agent-work';
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
  // attachments: bytes in bounded chunks, stored in ticket-service's file store
  PutFileChunk: 'ticket-service.put-file-chunk',
  SettleInboundAttachment: 'ticket-service.settle-inbound-attachment',
  ReadAttachmentChunk: 'ticket-service.read-attachment-chunk',
  ReadFileChunk: 'ticket-service.read-file-chunk',
  ReplyWithFile: 'ticket-service.reply-with-file',
  // Agent work (issue 16)
  AddNote: 'ticket-service.add-note',
  ReplyCanned: 'ticket-service.reply-canned',
  SetTags: 'ticket-service.set-tags',
  SetPriority: 'ticket-service.set-priority',
  GetHistory: 'ticket-service.get-history',
  GetClient: 'ticket-service.get-client',
  ListCannedReplies: 'ticket-service.list-canned-replies',
  CreateCannedReply: 'ticket-service.create-canned-reply',
  UpdateCannedReply: 'ticket-service.update-canned-reply',
  DeleteCannedReply: 'ticket-service.delete-canned-reply',
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
  TicketRpc.ReadAttachmentChunk,
  TicketRpc.ReadFileChunk,
  TicketRpc.GetHistory,
  TicketRpc.GetClient,
  TicketRpc.ListCannedReplies,
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
  /** what Telegram says of the file (set with fileId); its bytes follow with SettleInboundAttachment */
  attachment: InboundAttachmentSchema.nullable().default(null),
  /** the Telegram message_id, in the same chat, of the message this one answers */
  replyToTelegramMessageId: z.number().int().nullable().default(null),
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
  z.object({ route: z.literal('edit'), edit: RecordEditSchema }),
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
  /** messageId null: no recorded message of that chat has that Telegram id */
  | { route: 'edit'; messageId: number | null }
  | ({ route: 'rate' } & RateTicketResult);
export interface RecordInboundBatchResult {
  results: InboundBatchItemResult[];
}

export const ListTicketsSchema = z.object({
  status: z.array(TicketStatusSchema).min(1).optional(),
  /** an employee id, or 'none' for unassigned ('me' is resolved by the gateway) */
  assigneeId: z.union([id, z.literal('none')]).optional(),
  sort: z.enum(TICKET_SORT_FIELDS).default('updatedAt'),
  /** default: each sort's natural order (newest first; oldest first for waitingSince) */
  order: z.enum(SORT_ORDERS).optional(),
  // Agent work (issue 16)
  /** full-text search over the conversation, the client's names and username, and `#id` */
  q: z.string().trim().min(1).max(200).optional(),
  clientId: id.optional(),
  /** all must match; normalised */
  tags: z.array(z.string().min(1).max(TAG_LIMITS.length)).min(1).max(TAG_LIMITS.perTicket).optional(),
  priority: z.array(z.enum(TICKET_PRIORITIES)).min(1).optional(),
  awaitingReply: z.boolean().optional(),
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
  /** `desc`: newest first, for a console that shows the latest page and pages backwards */
  order: z.enum(SORT_ORDERS).default('asc'),
});
export type ListMessagesRequest = z.input<typeof ListMessagesSchema>;
export type ListMessagesQuery = z.output<typeof ListMessagesSchema>;

export const REPLY_MAX_LENGTH = 20_000;
export const ReplySchema = z.object({
  ticketId: id,
  employeeId: id,
  text: z.string().trim().min(1).max(REPLY_MAX_LENGTH),
  /** the employee's Idempotency-Key: a retry with the same key returns the reply stored first */
  idempotencyKey: z.string().min(1).max(255).optional(),
});
export type ReplyRequest = z.input<typeof ReplySchema>;
export type ReplyCommand = z.output<typeof ReplySchema>;

// Agent work (issue 16)
export const NOTE_MAX_LENGTH = REPLY_MAX_LENGTH;
export const AddNoteSchema = z.object({
  ticketId: id,
  employeeId: id,
  text: z.string().trim().min(1).max(NOTE_MAX_LENGTH),
});
export type AddNoteRequest = z.input<typeof AddNoteSchema>;
export type AddNoteCommand = z.output<typeof AddNoteSchema>;

export const ReplyCannedSchema = z.object({
  ticketId: id,
  employeeId: id,
  /** for `{{employee.name}}`: the gateway knows the employees */
  employeeName: z.string().max(200),
  cannedReplyId: id,
});
export type ReplyCannedRequest = z.input<typeof ReplyCannedSchema>;
export type ReplyCannedCommand = z.output<typeof ReplyCannedSchema>;

export const SetTagsSchema = z.object({
  ticketId: id,
  employeeId: id,
  tags: z.array(z.string().max(TAG_LIMITS.length * 4)).max(TAG_LIMITS.perTicket * 4),
});
export type SetTagsRequest = z.input<typeof SetTagsSchema>;
export type SetTagsCommand = z.output<typeof SetTagsSchema>;

export const SetPrioritySchema = z.object({ ticketId: id, employeeId: id, priority: z.enum(TICKET_PRIORITIES) });
export type SetPriorityRequest = z.input<typeof SetPrioritySchema>;
export type SetPriorityCommand = z.output<typeof SetPrioritySchema>;

export const GetHistorySchema = z.object({ ticketId: id });
export type GetHistoryRequest = z.input<typeof GetHistorySchema>;
export type GetHistoryQuery = z.output<typeof GetHistorySchema>;

export const GetClientSchema = z.object({ clientId: id });
export type GetClientRequest = z.input<typeof GetClientSchema>;
export type GetClientQuery = z.output<typeof GetClientSchema>;

const cannedText = z.string().trim().min(1).max(CANNED_REPLY_LIMITS.text).nullable();
export const CannedReplyTextsSchema = z.object({ ru: cannedText.optional(), en: cannedText.optional() }).strict();
export const CreateCannedReplySchema = z.object({
  title: z.string().trim().min(1).max(CANNED_REPLY_LIMITS.title),
  texts: CannedReplyTextsSchema,
});
export type CreateCannedReplyRequest = z.input<typeof CreateCannedReplySchema>;
export type CreateCannedReplyCommand = z.output<typeof CreateCannedReplySchema>;

export const UpdateCannedReplySchema = CreateCannedReplySchema.partial().extend({ id });
export type UpdateCannedReplyRequest = z.input<typeof UpdateCannedReplySchema>;
export type UpdateCannedReplyCommand = z.output<typeof UpdateCannedReplySchema>;

export const DeleteCannedReplySchema = z.object({ id });
export type DeleteCannedReplyRequest = z.input<typeof DeleteCannedReplySchema>;
export type DeleteCannedReplyCommand = z.output<typeof DeleteCannedReplySchema>;

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
  [TicketRpc.PutFileChunk]: { request: PutFileChunkRequest; response: { stored: true } };
  [TicketRpc.SettleInboundAttachment]: { request: SettleInboundAttachmentRequest; response: { messageId: number } };
  [TicketRpc.ReadAttachmentChunk]: { request: ReadAttachmentChunkRequest; response: AttachmentChunk };
  [TicketRpc.ReadFileChunk]: { request: ReadFileChunkRequest; response: FileChunk };
  [TicketRpc.ReplyWithFile]: { request: ReplyWithFileRequest; response: MessageView };
  [TicketRpc.AddNote]: { request: AddNoteRequest; response: MessageView };
  [TicketRpc.ReplyCanned]: { request: ReplyCannedRequest; response: MessageView };
  [TicketRpc.SetTags]: { request: SetTagsRequest; response: TicketView };
  [TicketRpc.SetPriority]: { request: SetPriorityRequest; response: TicketView };
  [TicketRpc.GetHistory]: { request: GetHistoryRequest; response: { items: TicketHistoryEntry[] } };
  [TicketRpc.GetClient]: { request: GetClientRequest; response: ClientProfileView };
  [TicketRpc.ListCannedReplies]: { request: Record<string, never>; response: CannedReplyView[] };
  [TicketRpc.CreateCannedReply]: { request: CreateCannedReplyRequest; response: CannedReplyView };
  [TicketRpc.UpdateCannedReply]: { request: UpdateCannedReplyRequest; response: CannedReplyView };
  [TicketRpc.DeleteCannedReply]: { request: DeleteCannedReplyRequest; response: { deleted: true } };
  [TicketRpc.RateTicket]: { request: RateTicketRequest; response: RateTicketResult };
  [TicketRpc.ReportSummary]: { request: ReportSummaryRequest; response: ReportSummary };
}
