import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { ClientView, TelegramProfileSchema } from '@app/contracts';
import { Client } from './client.entity';
import { toClientView } from './client.view';

type TelegramProfile = z.output<typeof TelegramProfileSchema>;

/** Clients as Telegram describes them: registered on /start and kept current with every message. */
@Injectable()
export class ClientRegistry {
  private readonly logger = new Logger(ClientRegistry.name);

  constructor(private readonly dataSource: DataSource) {}

  /** `/start`: idempotent, a second call only refreshes the profile. */
  async register(profile: TelegramProfile): Promise<ClientView> {
    return toClientView(await this.upsertProfile(this.dataSource.manager, profile));
  }

  /**
   * Inserts the client or brings its profile up to date. Writes (and so locks the row) only when
   * something changed: a burst of messages from one client does not queue up on the client row.
   * A client who writes can be reached again, so an "unreachable" mark is cleared.
   */
  async upsertProfile(manager: EntityManager, profile: TelegramProfile): Promise<Client> {
    const values = [
      profile.telegramId,
      profile.chatId,
      profile.username,
      profile.firstName,
      profile.lastName,
      profile.languageCode,
    ];
    const inserted: { id: number }[] = await manager.query(
      `INSERT INTO ticket.clients (telegram_id, chat_id, username, first_name, last_name, language_code)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (telegram_id) DO NOTHING RETURNING id`,
      values,
    );
    if (inserted.length > 0) {
      this.logger.log({ clientId: inserted[0].id }, 'Client registered');
    } else {
      await manager.query(
        `UPDATE ticket.clients
         SET chat_id = $2, username = $3, first_name = $4, last_name = $5, language_code = $6,
             unreachable_since = NULL, updated_at = now()
         WHERE telegram_id = $1
           AND (chat_id, username, first_name, last_name, language_code, unreachable_since)
               IS DISTINCT FROM ($2::bigint, $3::text, $4::text, $5::text, $6::text, NULL::timestamptz)`,
        values,
      );
    }
    return manager.findOneByOrFail(Client, { telegramId: String(profile.telegramId) });
  }
}
