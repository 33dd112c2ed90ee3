import { z } from 'zod';
import type { TicketPriority } from './agent-work';
import type { AttachmentView, MessageEditView } from './attachments';
import type { SatisfactionView } from './satisfaction';

export const TICKET_STATUSES = ['open', 'in_progress', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TicketStatusSchema = z.enum(TICKET_STATUSES);

export const TICKET_SORT_FIELDS = ['createdAt', 'updatedAt', 'priority', 'waitingSince', 'firstResponseDueAt'] as const;
export type TicketSortField = (typeof TICKET_SORT_FIELDS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const PAGE_LIMIT = { min: 1, max: 100, default: 20 } as const;

/** `internal`: an employee's note, never sent to the client */
export const MESSAGE_DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What a client sent; everything but text carries a Telegram file id (location and contact carry their data as text). */
export const MESSAGE_KINDS = [
  'text',
  'photo',
  'document',
  'voice',
  'video',
  'video_note',
  'audio',
  'animation',
  'sticker',
  'location',
  'contact',
  'other',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export const MessageKindSchema = z.enum(MESSAGE_KINDS);

/** What else a conversation shows: an employee's internal note, and what the bot told the client on its own. */
export const TIMELINE_KINDS = ['note', 'system'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface ClientView {
  id: number;
  telegramId: number;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  languageCode: string | null;
}

export interface TicketView {
  id: number;
  status: TicketStatus;
  client: ClientView;
  assigneeId: number | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  // Agent work (issue 16)
  priority: TicketPriority;
  tags: string[];
  /** the client wrote last: no employee reply since */
  awaitingReply: boolean;
  /** the client's first message since the last reply; null when not awaiting a reply */
  waitingSince: string | null;
  /** the client's ticket before this one */
  previousTicketId: number | null;
  // response-time targets and satisfaction
  /** the first employee reply (not a note, not a bot notice) */
  firstResponseAt: string | null;
  /** null when SLA_FIRST_RESPONSE_MINUTES is unset */
  firstResponseDueAt: string | null;
  /** null when SLA_RESOLUTION_MINUTES is unset */
  resolutionDueAt: string | null;
  /** a target passed unmet: no first response, or not closed, by its due time (computed when read) */
  slaBreached: boolean;
  satisfaction: SatisfactionView | null;
}

export interface MessageView {
  id: number;
  ticketId: number;
  direction: MessageDirection;
  employeeId: number | null;
  kind: MessageKind | TimelineKind;
  text: string | null;
  fileId: string | null;
  createdAt: string;
  deliveryStatus: DeliveryStatus | null;
  deliveryError: string | null;
  /** the file of a photo, document, voice, ...; null for text */
  attachment: AttachmentView | null;
  /** when the client last edited it; null if never */
  editedAt: string | null;
  /** earlier versions, oldest first */
  edits: MessageEditView[];
  /** the message of this ticket the client answered (Telegram reply), if any */
  replyToMessageId: number | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
