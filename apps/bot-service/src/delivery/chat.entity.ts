import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../common/bigint-number';

/** A chat the bot sends to: its lock for in-order sending, its pace, and whether the client blocked the bot. */
@Entity({ schema: 'bot', name: 'chats' })
export class Chat {
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  chatId: number;

  /** no send to this chat before this time (per-chat rate, or a 429's retry_after) */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextSendAt: Date;

  /** set by a 403, cleared when the client writes again */
  @Column({ type: 'timestamptz', nullable: true })
  blockedAt: Date | null;
}
