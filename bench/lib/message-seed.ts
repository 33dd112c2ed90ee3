import { Client } from 'pg';
import { searchDocumentSql } from '../../apps/ticket-service/src/tickets/ticket-search';
import { elapsedMs, log } from './report';

export interface MessageSeedSummary {
  messages: number;
  seconds: number;
  /** share of messages holding each probe word */
  probes: Record<string, number>;
  messagesMiB: number;
  searchIndexMiB: number;
}

/** The words the benchmark searches for: one in about a third of the messages, one in about 1 in 10,000. */
export const SEARCH_PROBES = {
  commonRu: 'заказ',
  selectiveRu: 'турбина',
  commonEn: 'order',
  selectiveEn: 'turbine',
} as const;

const RU = `принтер не печатает бумага застряла картридж пустой доставка задерживается курьер не приехал оплата прошла
  деньги списали дважды пароль не подходит аккаунт заблокирован приложение вылетает телефон экран разбит гарантия ремонт
  возврат товара посылка потерялась трек номер магазин склад менеджер перезвоните пожалуйста срочно спасибо помогите
  почему сколько когда завтра сегодня вчера неделю ответа нет жду давно`.split(/\s+/);
const EN = `printer does not print paper jammed cartridge empty delivery delayed courier never came payment went through
  charged twice password wrong account locked app crashes phone screen broken warranty repair return item parcel lost
  tracking number shop warehouse manager call back please urgent thanks help why how much when tomorrow today yesterday
  week no answer waiting long`.split(/\s+/);

/** Eight words per message, each picked by other bits of the message's hash. */
const WORD_PICKS = [3, 7, 11, 15, 19, 23, 27, 31].map((shift) => `w[(1 + (m.h >> ${shift}) % n)::int]`).join(', ');

/**
 * `perTicket` messages on each of the seeded tickets, straight into ticket.messages in one set-based
 * statement: Russian for Russian clients, English for the others (every fifth client), eight words each
 * drawn by hashing the ids, a common probe word in about 30% of messages and a selective one in about 0.01%,
 * each with its search document as the service keeps it (a client's message with the client's names). Then
 * each ticket's awaiting-reply state and priority, with the ticket indexes dropped during the update and
 * rebuilt after it.
 */
export async function seedMessages(db: Client, tickets: number, perTicket: number): Promise<MessageSeedSummary> {
  const started = process.hrtime.bigint();
  await db.query(`SET maintenance_work_mem = '512MB'`);
  await db.query('DROP INDEX IF EXISTS ticket.messages_ticket_conversation');
  await db.query('DROP INDEX IF EXISTS ticket.messages_telegram_key');
  await db.query('DROP INDEX IF EXISTS ticket.messages_search');
  await db.query(`SET session_replication_role = replica`);
  // h(n): a cheap, well-spread hash of the message's position, so every word pick differs.
  await db.query(
    `INSERT INTO ticket.messages (ticket_id, direction, kind, text, employee_id, delivery_status, created_at, search)
     SELECT t.id, CASE WHEN k % 2 = 1 THEN 'inbound' ELSE 'outbound' END, 'text', body.text,
            CASE WHEN k % 2 = 0 THEN 1 + (t.id % 50) END, CASE WHEN k % 2 = 0 THEN 'delivered' END,
            t.created_at + make_interval(mins => k),
            ${searchDocumentSql(`CASE WHEN k % 2 = 1
              THEN concat_ws(' ', body.text, c.username, c.first_name, c.last_name) ELSE body.text END`)}
     FROM ticket.tickets t
     JOIN ticket.clients c ON c.id = t.client_id
     CROSS JOIN generate_series(1, $5::int) AS k
     CROSS JOIN LATERAL (SELECT abs(hashint8(t.id::bigint * 16 + k)) AS h, t.client_id % 5 = 0 AS en) AS m
     CROSS JOIN LATERAL (SELECT CASE WHEN m.en THEN $7::text[] ELSE $6::text[] END AS w) AS words
     CROSS JOIN LATERAL (SELECT cardinality(words.w) AS n) AS size
     CROSS JOIN LATERAL (SELECT concat_ws(' ',
              CASE WHEN (m.h % 1000) < 300 THEN CASE WHEN m.en THEN $3 ELSE $1 END END,
              CASE WHEN (m.h / 1000) % 10000 = 0 THEN CASE WHEN m.en THEN $4 ELSE $2 END END,
              ${WORD_PICKS}) AS text) AS body`,
    [
      SEARCH_PROBES.commonRu,
      SEARCH_PROBES.selectiveRu,
      SEARCH_PROBES.commonEn,
      SEARCH_PROBES.selectiveEn,
      perTicket,
      RU,
      EN,
    ],
  );
  await db.query(`RESET session_replication_role`);
  const messages = tickets * perTicket;
  log(`  inserted ${messages.toLocaleString('en-US')} messages in ${(elapsedMs(started) / 1000).toFixed(1)} s`);
  await db.query('CREATE INDEX messages_ticket_conversation ON ticket.messages (ticket_id, id)');
  await db.query(
    'CREATE UNIQUE INDEX messages_telegram_key ON ticket.messages (telegram_chat_id, telegram_message_id)',
  );
  await db.query('CREATE INDEX messages_search ON ticket.messages USING gin (search)');
  log(`  message indexes built at ${(elapsedMs(started) / 1000).toFixed(1)} s`);

  const { rows: indexes } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'ticket' AND tablename = 'tickets' AND indexname <> 'tickets_pkey'`,
  );
  for (const index of indexes) await db.query(`DROP INDEX ticket."${index.indexname}"`);
  await db.query(`SET session_replication_role = replica`);
  // The last message of a ticket is inbound for odd message counts and even ticket ids: those await a reply.
  await db.query(
    `UPDATE ticket.tickets t SET
       waiting_since = CASE WHEN t.id % 2 = 0 THEN t.updated_at - interval '5 minutes' END,
       priority = CASE WHEN t.id % 100 < 80 THEN 1 WHEN t.id % 100 < 87 THEN 0 WHEN t.id % 100 < 97 THEN 2 ELSE 3 END`,
  );
  await db.query(`RESET session_replication_role`);
  log(`  tickets updated at ${(elapsedMs(started) / 1000).toFixed(1)} s; rebuilding ${indexes.length} ticket indexes`);
  for (const index of indexes) await db.query(index.indexdef);
  await db.query('VACUUM ANALYZE ticket.tickets');
  await db.query('VACUUM ANALYZE ticket.messages');

  const probes: Record<string, number> = {};
  for (const [name, word] of Object.entries(SEARCH_PROBES)) {
    const [{ share }] = (
      await db.query(
        `SELECT avg((text ~ $1)::int)::float AS share FROM (SELECT text FROM ticket.messages TABLESAMPLE SYSTEM (2)) s`,
        [word],
      )
    ).rows;
    probes[name] = Number(share);
  }
  const [{ messages_mib, search_mib }] = (
    await db.query(`SELECT (pg_total_relation_size('ticket.messages') - pg_relation_size('ticket.messages_search')) / 1048576.0 AS messages_mib,
                           pg_relation_size('ticket.messages_search') / 1048576.0 AS search_mib`)
  ).rows;
  return {
    messages,
    seconds: elapsedMs(started) / 1000,
    probes,
    messagesMiB: Math.round(Number(messages_mib)),
    searchIndexMiB: Math.round(Number(search_mib)),
  };
}
