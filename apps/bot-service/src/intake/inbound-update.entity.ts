import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Update } from 'telegraf/types';
import { bigintNumber } from '../common/bigint-number';

/** What the client's update asks for: register (/start), record a message, record an edit of one, just show the help, or rate (a survey tap). */
export const INBOUND_ROUTES = ['register', 'record', 'help', 'edit', 'rate'] as const;
export type InboundRoute = (typeof INBOUND_ROUTES)[number];

/**
 * A Telegram update, stored before Telegram is told it arrived; keyed by update_id, so a redelivery is
 * ignored. Forwarded to ticket-service in update_id order per chat.
 */
@Entity({ schema: 'bot', name: 'inbound_updates' })
export class InboundUpdate {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  updateId: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  chatId: number;

  @Column({ type: 'text' })
  route: InboundRoute;

  /** the update as Telegram sent it */
  @Column({ type: 'jsonb' })
  payload: Update;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  forwardedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
