import { ClientView } from './tickets';

/** What agents do beyond take-reply-close: priority, tags, notes, canned replies, client history, the audit trail. */

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const TAG_LIMITS = { perTicket: 20, length: 32 } as const;

/** A tag as stored and matched: trimmed, inner whitespace collapsed, lower-cased. */
function normaliseTag(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The tags of a request, normalised, empty ones dropped, each once, in the order given. */
export function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normaliseTag).filter((tag) => tag !== ''))];
}

/** What the audit trail records: every change of one of these by someone (or by the desk itself). */
export const HISTORY_ACTIONS = ['status', 'assignee', 'priority', 'tags'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

export interface TicketHistoryEntry {
  at: string;
  /** who changed it; null when the desk did (auto-assignment) */
  employeeId: number | null;
  action: HistoryAction;
  /** a status, an assignee id (or null), a priority, or a list of tags */
  from: string | number | string[] | null;
  to: string | number | string[] | null;
}

export const CANNED_REPLY_LANGUAGES = ['ru', 'en'] as const;
export type CannedReplyLanguage = (typeof CANNED_REPLY_LANGUAGES)[number];
export const CANNED_REPLY_LIMITS = { title: 200, text: 4000 } as const;
/** The placeholders a canned reply's text may hold, filled in when it is sent. */
export const CANNED_REPLY_PLACEHOLDERS = ['{{client.firstName}}', '{{ticket.id}}', '{{employee.name}}'] as const;

export interface CannedReplyView {
  id: number;
  title: string;
  /** a language without a text falls back to the other one when sent */
  texts: Record<CannedReplyLanguage, string | null>;
  createdAt: string;
  updatedAt: string;
}

export interface ClientProfileView extends ClientView {
  firstSeenAt: string;
  ticketCount: number;
}

/** Russian unless the client's Telegram is in English: the desk's language rule, shared with the bot. */
export function clientLanguage(languageCode: string | null | undefined): CannedReplyLanguage {
  return languageCode?.toLowerCase().startsWith('en') ? 'en' : 'ru';
}
