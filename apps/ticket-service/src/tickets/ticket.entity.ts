import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketStatus } from '@app/contracts';
import { Client } from '../clients/client.entity';

@Entity({ schema: 'ticket', name: 'tickets' })
export class Ticket {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ type: 'integer' })
  clientId!: number;

  @ManyToOne(() => Client, { nullable: false })
  @JoinColumn({ name: 'client_id' })
  client!: Client;

  @Column({ type: 'text' })
  status!: TicketStatus;

  @Column({ type: 'integer', nullable: true })
  assigneeId!: number | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastMessageAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastMessagePreview!: string | null;

  /** rank: 0 low, 1 normal, 2 high, 3 urgent */
  @Column({ type: 'smallint' })
  priority!: number;

  @Column({ type: 'text', array: true })
  tags!: string[];

  /** since the client's first message after our last reply; null when we answered last */
  @Column({ type: 'timestamptz', nullable: true })
  waitingSince!: Date | null;

  @Column({ type: 'integer', nullable: true })
  previousTicketId!: number | null;
}
