import argon2 from 'argon2';
import { Client } from 'pg';
import { ADMIN } from './bench-stack';
import { elapsedMs, log } from './report';

export interface SeedSizes {
  tickets: number;
  clients: number;
  employees: number;
}

export interface SeedSummary {
  seconds: number;
  byStatus: Record<string, number>;
  unassigned: number;
  /** created_at values shared by several tickets (the id breaks the tie) */
  createdAtTiedGroups: number;
  tableMiB: number;
  indexesMiB: number;
}

/**
 * The employees, straight into the gateway's schema `auth`: id 1 is the admin the benchmark logs in as
 * (so FirstAdmin creates nobody), the others agents. One argon2 hash serves all: only the admin logs in.
 */
export async function seedEmployees(db: Client, count: number): Promise<void> {
  const hash = await argon2.hash(ADMIN.password, { type: argon2.argon2id });
  await db.query(
    `INSERT INTO auth.employees (id, email, name, role, password_hash)
     OVERRIDING SYSTEM VALUE
     SELECT n, CASE WHEN n = 1 THEN $1 ELSE 'agent' || n || '@bench.test' END,
            CASE WHEN n = 1 THEN 'Administrator' ELSE 'Agent ' || n END,
            CASE WHEN n = 1 THEN 'admin' ELSE 'agent' END, $2
     FROM generate_series(1, $3::int) AS n`,
    [ADMIN.email, hash, count],
  );
  await db.query(`SELECT setval(pg_get_serial_sequence('auth.employees', 'id'), $1)`, [count]);
}

/**
 * Clients and tickets straight into schema `ticket`, after its migrations, with generate_series.
 * Shape: every client has tickets/clients tickets over two years; only a client's newest can be active
 * (the one-active-ticket index holds), so the newest `clients` tickets are 50% open, 30% in progress,
 * 20% closed and all older ones closed. Open tickets are 70% unassigned, closed ones 10%; assignees are
 * spread evenly over the employees. Tickets come in groups of four sharing one created_at (ties the id
 * must break); updated_at is whole minutes, so it ties too.
 * The secondary indexes are dropped during the insert and rebuilt after it, from their own definitions.
 */
export async function seedTickets(db: Client, sizes: SeedSizes): Promise<SeedSummary> {
  const started = process.hrtime.bigint();
  await db.query(`SET maintenance_work_mem = '512MB'`);
  await db.query(
    `INSERT INTO ticket.clients (id, telegram_id, chat_id, username, first_name, last_name, language_code, created_at, updated_at)
     OVERRIDING SYSTEM VALUE
     SELECT n, 5000000000 + n, 5000000000 + n, 'client' || n, 'Client', 'No ' || n,
            CASE WHEN n % 5 = 0 THEN 'en' ELSE 'ru' END, now() - interval '800 days', now() - interval '800 days'
     FROM generate_series(1, $1::int) AS n`,
    [sizes.clients],
  );
  await db.query(`SELECT setval(pg_get_serial_sequence('ticket.clients', 'id'), $1)`, [sizes.clients]);

  const { rows: indexes } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE schemaname = 'ticket' AND tablename = 'tickets' AND indexname <> 'tickets_pkey'`,
  );
  for (const index of indexes) await db.query(`DROP INDEX ticket."${index.indexname}"`);

  // session_replication_role = replica skips the foreign-key triggers: the client ids are valid by construction.
  await db.query(`SET session_replication_role = replica`);
  await db.query(
    `INSERT INTO ticket.tickets (id, client_id, status, assignee_id, created_at, updated_at, closed_at, last_message_at, last_message_preview)
     OVERRIDING SYSTEM VALUE
     SELECT g, client_id, status,
            CASE WHEN (status = 'open' AND r2 < 0.7) OR (status = 'closed' AND r2 < 0.1) THEN NULL
                 ELSE 1 + floor(r3 * $3)::int END,
            created_at, updated_at,
            CASE WHEN status = 'closed' THEN updated_at END,
            updated_at - interval '20 seconds',
            'Printer on floor ' || (g % 17) || ' does not print, ticket seed ' || g
     FROM (
       SELECT g, client_id, status, r2, r3, created_at,
              LEAST(date_trunc('minute', created_at + LEAST(interval '10 days', now() - created_at) * r4) + interval '1 minute', now())
                AS updated_at
       FROM (
         SELECT g, ((g - 1) % $2) + 1 AS client_id,
                CASE WHEN g <= $1 - $2 THEN 'closed'
                     WHEN r1 < 0.5 THEN 'open' WHEN r1 < 0.8 THEN 'in_progress' ELSE 'closed' END AS status,
                r2, r3, r4,
                now() - interval '730 days' + make_interval(secs => floor((g - 1) / 4) * 4 * (730.0 * 86400 / $1)) AS created_at
         FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4 FROM generate_series(1, $1::int) AS g) AS raw
       ) AS shaped
     ) AS timed`,
    [sizes.tickets, sizes.clients, sizes.employees],
  );
  await db.query(`RESET session_replication_role`);
  await db.query(`SELECT setval(pg_get_serial_sequence('ticket.tickets', 'id'), $1)`, [sizes.tickets]);
  log(
    `  inserted ${sizes.tickets.toLocaleString('en-US')} tickets in ${(elapsedMs(started) / 1000).toFixed(1)} s; rebuilding ${indexes.length} indexes`,
  );
  for (const index of indexes) await db.query(index.indexdef);
  await db.query('VACUUM ANALYZE ticket.clients');
  await db.query('VACUUM ANALYZE ticket.tickets');

  const { rows: statuses } = await db.query<{ status: string; count: string }>(
    'SELECT status, count(*) FROM ticket.tickets GROUP BY status ORDER BY status',
  );
  const [{ unassigned, ties, table_mib, indexes_mib }] = (
    await db.query(`SELECT
      (SELECT count(*) FROM ticket.tickets WHERE assignee_id IS NULL) AS unassigned,
      (SELECT count(*) FROM (SELECT created_at FROM ticket.tickets GROUP BY created_at HAVING count(*) > 1) t) AS ties,
      pg_table_size('ticket.tickets') / 1048576.0 AS table_mib,
      pg_indexes_size('ticket.tickets') / 1048576.0 AS indexes_mib`)
  ).rows;
  return {
    seconds: elapsedMs(started) / 1000,
    byStatus: Object.fromEntries(statuses.map((row) => [row.status, Number(row.count)])),
    unassigned: Number(unassigned),
    createdAtTiedGroups: Number(ties),
    tableMiB: Math.round(Number(table_mib)),
    indexesMiB: Math.round(Number(indexes_mib)),
  };
}
