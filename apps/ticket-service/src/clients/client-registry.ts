import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryPrepared } from '@app/database';
import { ClientView, TelegramProfile } from '@app/contracts';

/** Clients as Telegram describes them: registered on /start and kept current with every message. */
@Injectable()
export class ClientRegistry {
  private readonly logger = new Logger(ClientRegistry.name);

  constructor(private readonly dataSource: DataSource) {}

  /** `/start`: idempotent, a second call only refreshes the profile. */
  async register(profile: TelegramProfile): Promise<ClientView> {
    const ids = await this.upsertProfiles(this.dataSource.manager, [profile]);
    const { telegramId, username, firstName, lastName, languageCode } = profile;
    return { id: ids.get(telegramId)!, telegramId, username, firstName, lastName, languageCode };
  }

  /**
   * Inserts the clients or brings their profiles up to date (the last profile of a Telegram id wins), and
   * answers their ids by Telegram id. A row is written only when something changed; a client who writes
   * can be reached again, so an "unreachable" mark is cleared.
   * Every existing row is locked until the transaction ends, in Telegram id order: the client row is what
   * concurrent records for one client queue on, so they take turns without deadlocking one another.
   */
  async upsertProfiles(manager: EntityManager, profiles: TelegramProfile[]): Promise<Map<number, number>> {
    const latest = new Map(profiles.map((profile) => [profile.telegramId, profile]));
    const rows = [...latest.values()].sort((a, b) => a.telegramId - b.telegramId);
    const column = <K extends keyof TelegramProfile>(key: K) => rows.map((row) => row[key]);
    // Rows it left unchanged are not returned by the upsert; their ids come from the statement's snapshot.
    const upserted = await queryPrepared<{ telegram_id: string; id: number | null; registered: boolean }>(
      manager,
      `WITH profile AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])
           AS p(telegram_id, chat_id, username, first_name, last_name, language_code)
       ), written AS (
         INSERT INTO ticket.clients AS c (telegram_id, chat_id, username, first_name, last_name, language_code)
         SELECT * FROM profile ORDER BY telegram_id
         ON CONFLICT (telegram_id) DO UPDATE
           SET chat_id = excluded.chat_id, username = excluded.username, first_name = excluded.first_name,
               last_name = excluded.last_name, language_code = excluded.language_code,
               unreachable_since = NULL, updated_at = now()
           WHERE (c.chat_id, c.username, c.first_name, c.last_name, c.language_code, c.unreachable_since)
                 IS DISTINCT FROM (excluded.chat_id, excluded.username, excluded.first_name, excluded.last_name,
                                   excluded.language_code, NULL::timestamptz)
         RETURNING c.id, c.telegram_id
       )
       SELECT p.telegram_id, coalesce(w.id, c.id) AS id, (w.id IS NOT NULL AND c.id IS NULL) AS registered
       FROM profile p
       LEFT JOIN written w ON w.telegram_id = p.telegram_id
       LEFT JOIN ticket.clients c ON c.telegram_id = p.telegram_id`,
      [
        column('telegramId'),
        column('chatId'),
        column('username'),
        column('firstName'),
        column('lastName'),
        column('languageCode'),
      ],
    );
    const ids = new Map<number, number>();
    for (const row of upserted) {
      if (row.id === null) continue;
      ids.set(Number(row.telegram_id), row.id);
      if (row.registered) this.logger.log({ clientId: row.id }, 'Client registered');
    }
    // Inserted by a concurrent twin after the snapshot, and already as this profile has it.
    const unseen = rows.map((row) => row.telegramId).filter((telegramId) => !ids.has(telegramId));
    if (unseen.length > 0) {
      const found = await queryPrepared<{ telegram_id: string; id: number }>(
        manager,
        'SELECT telegram_id, id FROM ticket.clients WHERE telegram_id = ANY($1::bigint[])',
        [unseen],
      );
      for (const row of found) ids.set(Number(row.telegram_id), row.id);
    }
    return ids;
  }
}
