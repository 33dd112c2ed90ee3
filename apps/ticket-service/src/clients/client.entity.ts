import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A Telegram user who wrote to the bot. Telegram ids exceed 2^31: bigint, read as strings by pg. */
@Entity({ schema: 'ticket', name: 'clients' })
export class Client {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'bigint' })
  telegramId!: string;

  @Column({ type: 'bigint' })
  chatId!: string;

  @Column({ type: 'text', nullable: true })
  username!: string | null;

  @Column({ type: 'text', nullable: true })
  firstName!: string | null;

  @Column({ type: 'text', nullable: true })
  lastName!: string | null;

  @Column({ type: 'text', nullable: true })
  languageCode!: string | null;

  /** set when a delivery failed because the client blocked the bot; cleared when the client writes again */
  @Column({ type: 'timestamptz', nullable: true })
  unreachableSince!: Date | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
