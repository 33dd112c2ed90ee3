import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { queryPrepared } from '@app/database';
import { CSAT_COMMENT_WINDOW_MINUTES, RecordInboundCommand } from '@app/contracts';
import { telegramKey } from '../messages/inbound-batch-plan';

/**
 * The comment that may follow a rating: a client's next message, sent within CSAT_COMMENT_WINDOW_MINUTES of
 * rating, goes on the rated ticket as its comment instead of opening a new ticket. It lives here, in
 * ticket-service, where a message is routed to its ticket in the same transaction; the bot only hands over
 * the rating and the message in the order the client sent them.
 *
 * Not a comment: a message without text; a message while the client has an active ticket, or after a newer
 * ticket was opened; the second message after a rating (the first one is the comment, or opened a ticket).
 */
@Injectable()
export class RatingComments {
  private readonly logger = new Logger(RatingComments.name);

  /**
   * Takes the messages that are comments (at most one per client: the client's first of the batch) and
   * saves them on their rated tickets; by Telegram key, the ticket each went to.
   */
  async take(
    manager: EntityManager,
    messages: RecordInboundCommand[],
    clientOf: (message: RecordInboundCommand) => number,
  ): Promise<Map<string, number>> {
    const firstOfClient = new Map<number, RecordInboundCommand>();
    for (const message of messages)
      if (!firstOfClient.has(clientOf(message))) firstOfClient.set(clientOf(message), message);
    const candidates = [...firstOfClient.entries()].filter(
      ([, message]) => message.text !== null && message.text.trim() !== '',
    );
    const taken = new Map<string, number>();
    if (candidates.length === 0) return taken;

    const commented = await queryPrepared<{ id: number; client_id: number }>(
      manager,
      `WITH rated AS (
         SELECT DISTINCT ON (r.client_id) r.id, r.client_id, m.text
         FROM unnest($1::int[], $2::timestamptz[], $3::text[]) AS m (client_id, sent_at, text)
         JOIN ticket.tickets r ON r.client_id = m.client_id AND r.rated_at IS NOT NULL
         WHERE r.rated_at > m.sent_at - make_interval(mins => ${CSAT_COMMENT_WINDOW_MINUTES})
           AND NOT EXISTS (SELECT 1 FROM ticket.tickets n
                           WHERE n.client_id = r.client_id AND (n.status <> 'closed' OR n.created_at > r.rated_at))
         ORDER BY r.client_id, r.rated_at DESC),
       commented AS (
         UPDATE ticket.tickets t SET satisfaction_comment = rated.text, updated_at = now()
         FROM rated WHERE t.id = rated.id AND t.satisfaction_comment IS NULL
         RETURNING t.id, t.client_id)
       SELECT id, client_id FROM commented`,
      [
        candidates.map(([clientId]) => clientId),
        candidates.map(([, message]) => message.sentAt),
        candidates.map(([, message]) => message.text),
      ],
    );
    for (const row of commented) {
      taken.set(telegramKey(firstOfClient.get(row.client_id)!), row.id);
      this.logger.log({ ticketId: row.id }, 'Client commented on their rating');
    }
    return taken;
  }
}
