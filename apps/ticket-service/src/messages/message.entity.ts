import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryStatus, MessageDirection, MessageKind, TimelineKind } from '@app/contracts';

/** One message of a ticket's conversation, either way. bigint columns are read as strings by pg. */
@Entity({ schema: 'ticket', name: 'messages' })
export class Message {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', type: 'bigint' })
  id!: string;

  @Column({ type: 'integer' })
  ticketId!: number;

  @Column({ type: 'text' })
  direction!: MessageDirection;

  @Column({ type: 'text' })
  kind!: MessageKind | TimelineKind;

  /** the text, or a non-text message's caption */
  @Column({ type: 'text', nullable: true })
  text!: string | null;

  /** Telegram's file id of a photo, document, voice, ... */
  @Column({ type: 'text', nullable: true })
  fileId!: string | null;

  @Column({ type: 'bigint', nullable: true })
  telegramChatId!: string | null;

  /** inbound only: with the chat id, what makes a redelivered update recognisable */
  @Column({ type: 'bigint', nullable: true })
  telegramMessageId!: string | null;

  @Column({ type: 'integer', nullable: true })
  employeeId!: number | null;

  /** outbound only */
  @Column({ type: 'text', nullable: true })
  deliveryStatus!: DeliveryStatus | null;

  @Column({ type: 'text', nullable: true })
  deliveryError!: string | null;

  /** an employee's reply sent with an Idempotency-Key: unique per employee */
  @Column({ type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** inbound only: when the client sent it, per Telegram */
  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
