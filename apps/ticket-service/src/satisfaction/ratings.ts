import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RateTicketCommand, RateTicketResult } from '@app/contracts';
import { ticketFeed } from '../feed/ticket-feed';

/**
 * A client's rating of a closed ticket: recorded once. A second tap, on the same survey or an old one,
 * changes nothing and answers the rating that stands. Only the ticket's own client may rate it.
 */
@Injectable()
export class Ratings {
  private readonly logger = new Logger(Ratings.name);

  constructor(private readonly dataSource: DataSource) {}

  async rate({ ticketId, telegramId, rating }: RateTicketCommand): Promise<RateTicketResult> {
    const rated = await this.dataSource.transaction(async (manager) => {
      const rows: { id: number }[] = await manager.query(
        `WITH rated AS (
           UPDATE ticket.tickets t SET satisfaction_rating = $3, rated_at = now(), updated_at = now()
           FROM ticket.clients c
           WHERE t.id = $1 AND c.id = t.client_id AND c.telegram_id = $2 AND t.status = 'closed' AND t.satisfaction_rating IS NULL
           RETURNING t.id)
         SELECT id FROM rated`,
        [ticketId, telegramId, rating],
      );
      // the console shows the rating as it lands
      if (rows.length > 0) await ticketFeed.ticketsChanged(manager, [ticketId]);
      return rows;
    });
    if (rated.length > 0) {
      this.logger.log({ ticketId, rating }, 'Ticket rated by its client');
      return { ticketId, outcome: 'rated', rating };
    }
    const [standing]: { satisfaction_rating: number | null }[] = await this.dataSource.query(
      `SELECT t.satisfaction_rating FROM ticket.tickets t JOIN ticket.clients c ON c.id = t.client_id
       WHERE t.id = $1 AND c.telegram_id = $2 AND t.status = 'closed'`,
      [ticketId, telegramId],
    );
    if (standing?.satisfaction_rating != null)
      return { ticketId, outcome: 'already_rated', rating: standing.satisfaction_rating };
    this.logger.warn({ ticketId }, 'A rating for no closed ticket of this client ignored');
    return { ticketId, outcome: 'not_rateable', rating: null };
  }
}
