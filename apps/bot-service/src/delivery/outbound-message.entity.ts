import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OutboundFileMethod } from '@app/contracts';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { bigintNumber } from '../common/bigint-number';

export const OUTBOUND_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/**
 * A text to deliver to a chat: an employee's reply (with its ticket and message ids, whose delivery is
 * reported back) or a notice from the bot. Sent per chat in the order their causes happened (occurredAt, then
 * the producer's sequence, then id), in parts of at most 4096 characters.
 */
@Entity({ schema: 'bot', name: 'outbound_messages' })
export class OutboundMessage {
  /** bigint, read as a string by pg */
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', type: 'bigint' })
  id: string;

  @Column({ type: 'bigint', transformer: bigintNumber })
  chatId: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'integer', nullable: true })
  ticketId: number | null;

  /** ticket-service's message id: set for employee replies only */
  @Column({ type: 'integer', nullable: true })
  messageId: number | null;

  @Column({ type: 'integer', default: 0 })
  partsSent: number;

  @Column({ type: 'text', default: 'pending' })
  status: OutboundStatus;

  /** failed sends other than 429, which only delays */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** when what it tells happened: the event's occurredAt, or when the bot queued it */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  /** the producing service's outbox sequence; 0 for the bot's own notices */
  @Column({ type: 'bigint', default: 0, transformer: bigintNumber })
  sourceSequence: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** the trace of the work that queued it (an event, an update), which its send continues */
  @Column({ type: 'jsonb', nullable: true })
  traceContext: Record<string, string> | null;

  // ---- an employee's file (then `text` is its caption, empty for none) ----

  /** the file's id in ticket-service's file store */
  @Column({ type: 'uuid', nullable: true })
  fileId: string | null;

  @Column({ type: 'text', nullable: true })
  fileName: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintNumber })
  fileSize: number | null;

  @Column({ type: 'integer', nullable: true })
  fileChunks: number | null;

  @Column({ type: 'text', nullable: true })
  fileMethod: OutboundFileMethod | null;
  /** inline buttons (Telegram's reply_markup), sent with the text's last part */
  @Column({ type: 'jsonb', nullable: true })
  replyMarkup: InlineKeyboardMarkup | null;
}
