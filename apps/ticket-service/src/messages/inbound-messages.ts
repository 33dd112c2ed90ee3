import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { Events, RecordInboundResult, RecordInboundSchema } from '@app/contracts';
import { addToOutbox } from '@app/messaging';
import { Client } from '../clients/client.entity';
import { ClientRegistry } from '../clients/client-registry';
import { TICKET_SCHEMA } from '../config';
import { messagePreview } from './message-preview';

type InboundMessage = z.output<typeof RecordInboundSchema>;

/** Thrown inside the transaction when a concurrent twin recorded the same Telegram message first. */
class AlreadyRecorded extends Error {}

/** Attempts to find or open the active ticket; each retry follows a ticket closed under our feet. */
const ACTIVE_TICKET_ATTEMPTS = 5;

/**
 * Records what a client wrote: on the client's active ticket, or on a new one when there is none.
 * Idempotent on Telegram's (chat id, message id), so a redelivered update changes nothing.
 */
@Injectable()
export class InboundMessages {
  private readonly logger = new Logger(InboundMessages.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clients: ClientRegistry,
  ) {}

  async record(message: InboundMessage): Promise<RecordInboundResult> {
    const earlier = await this.findRecorded(this.dataSource.manager, message);
    if (earlier) return earlier;
    try {
      return await this.dataSource.transaction((manager) => this.recordNew(manager, message));
    } catch (error) {
      if (!(error instanceof AlreadyRecorded)) throw error;
      return (await this.findRecorded(this.dataSource.manager, message))!;
    }
  }

  private async recordNew(manager: EntityManager, message: InboundMessage): Promise<RecordInboundResult> {
    const client = await this.clients.upsertProfile(manager, message);
    const { ticketId, created } = await this.activeTicketOf(manager, client);

    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO ticket.messages (ticket_id, direction, kind, text, file_id, telegram_chat_id, telegram_message_id, sent_at)
       VALUES ($1, 'inbound', $2, $3, $4, $5, $6, $7)
       ON CONFLICT (telegram_chat_id, telegram_message_id) DO NOTHING RETURNING id`,
      [ticketId, message.kind, message.text, message.fileId, message.chatId, message.telegramMessageId, message.sentAt],
    );
    // Rolls back a ticket this transaction may have opened: the twin's ticket stands.
    if (inserted.length === 0) throw new AlreadyRecorded();
    const messageId = Number(inserted[0].id);

    await manager.query(
      `UPDATE ticket.tickets SET last_message_at = now(), last_message_preview = $2, updated_at = now() WHERE id = $1`,
      [ticketId, messagePreview(message.kind, message.text)],
    );
    if (created) {
      await addToOutbox(manager, TICKET_SCHEMA, Events.TicketCreated, {
        ticketId,
        clientId: client.id,
        telegramId: Number(client.telegramId),
        chatId: Number(client.chatId),
        languageCode: client.languageCode,
      });
      this.logger.log({ ticketId, clientId: client.id }, 'Ticket opened by a client message');
    }
    return { ticketId, messageId, ticketCreated: created, duplicate: false };
  }

  /**
   * The client's active ticket, locked, or a new one. The partial unique index decides races: an insert
   * that collides with a concurrent one waits for it to commit, does nothing, and the next select finds
   * the winner's ticket. So however many messages arrive at once, they land in one ticket.
   */
  private async activeTicketOf(manager: EntityManager, client: Client): Promise<{ ticketId: number; created: boolean }> {
    for (let attempt = 0; attempt < ACTIVE_TICKET_ATTEMPTS; attempt++) {
      const active: { id: number }[] = await manager.query(
        `SELECT id FROM ticket.tickets WHERE client_id = $1 AND status <> 'closed' FOR UPDATE`,
        [client.id],
      );
      if (active.length > 0) return { ticketId: active[0].id, created: false };
      const opened: { id: number }[] = await manager.query(
        `INSERT INTO ticket.tickets (client_id) VALUES ($1)
         ON CONFLICT (client_id) WHERE status <> 'closed' DO NOTHING RETURNING id`,
        [client.id],
      );
      if (opened.length > 0) return { ticketId: opened[0].id, created: true };
    }
    throw new Error(`No active ticket found or opened for client ${client.id} after ${ACTIVE_TICKET_ATTEMPTS} attempts`);
  }

  /**
   * The result this Telegram message got when it was first recorded. It opened its ticket exactly when
   * it is the ticket's first message: a ticket is opened in the transaction of its first message.
   */
  private async findRecorded(manager: EntityManager, message: InboundMessage): Promise<RecordInboundResult | undefined> {
    const rows: { id: string; ticket_id: number; opened_ticket: boolean }[] = await manager.query(
      `SELECT m.id, m.ticket_id,
              NOT EXISTS (SELECT 1 FROM ticket.messages e WHERE e.ticket_id = m.ticket_id AND e.id < m.id) AS opened_ticket
       FROM ticket.messages m
       WHERE m.telegram_chat_id = $1 AND m.telegram_message_id = $2`,
      [message.chatId, message.telegramMessageId],
    );
    if (rows.length === 0) return undefined;
    const [row] = rows;
    this.logger.log({ ticketId: row.ticket_id, telegramMessageId: message.telegramMessageId }, 'Redelivered message ignored');
    return { ticketId: row.ticket_id, messageId: Number(row.id), ticketCreated: row.opened_ticket, duplicate: true };
  }
}
