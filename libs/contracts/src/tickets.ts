import { z } from 'zod';
import type { SatisfactionView } from './satisfaction';

export const TICKET_STATUSES = ['open', 'in_progress', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TicketStatusSchema = z.enum(TICKET_STATUSES);

export const TICKET_SORT_FIELDS = ['createdAt', 'updatedAt', 'firstResponseDueAt'] as const;
export type TicketSortField = (typeof TICKET_SORT_FIELDS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const PAGE_LIMIT = { min: 1, max: 100, default: 20 } as const;

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
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
  kind: MessageKind;
  text: string | null;
  fileId: string | null;
  createdAt: string;
  deliveryStatus: DeliveryStatus | null;
  deliveryError: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
