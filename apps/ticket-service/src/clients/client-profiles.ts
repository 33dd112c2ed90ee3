import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClientProfileView, CodedError, ErrorCode } from '@app/contracts';

/** A client as agents look them up: who they are, since when they write, how many tickets they opened. */
@Injectable()
export class ClientProfiles {
  constructor(private readonly dataSource: DataSource) {}

  async get(clientId: number): Promise<ClientProfileView> {
    const [row]: {
      id: number;
      telegram_id: string;
      username: string | null;
      first_name: string | null;
      last_name: string | null;
      language_code: string | null;
      created_at: Date;
      ticket_count: number;
    }[] = await this.dataSource.query(
      `SELECT c.*, (SELECT count(*)::int FROM ticket.tickets t WHERE t.client_id = c.id) AS ticket_count
       FROM ticket.clients c WHERE c.id = $1`,
      [clientId],
    );
    if (!row) throw new CodedError(ErrorCode.ClientNotFound, `Client #${clientId} not found`);
    return {
      id: row.id,
      telegramId: Number(row.telegram_id),
      username: row.username,
      firstName: row.first_name,
      lastName: row.last_name,
      languageCode: row.language_code,
      firstSeenAt: row.created_at.toISOString(),
      ticketCount: row.ticket_count,
    };
  }
}
