import { Client } from 'pg';
import { elapsedMs, log } from './report';

/**
 * Response-time facts on seeded tickets, as if they had lived under targets: a first response within two hours
 * (for 90% of them), a first-response target of an hour and a resolution target of a day from opening (so a
 * good share is breached), and a rating 5 minutes after closing on 60% of closed tickets. The secondary
 * indexes are dropped for the update and rebuilt after it, as seedTickets does.
 */
export async function seedServiceLevel(db: Client): Promise<{ seconds: number; rated: number; breached: number }> {
  const started = process.hrtime.bigint();
  const { rows: indexes } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'ticket' AND tablename = 'tickets' AND indexname NOT IN ('tickets_pkey', 'tickets_one_active_per_client')`,
  );
  for (const index of indexes) await db.query(`DROP INDEX ticket."${index.indexname}"`);
  await db.query(
    `UPDATE ticket.tickets SET
       first_response_at = CASE WHEN r.answered THEN created_at + make_interval(secs => 30 + r.wait * 7170) END,
       first_response_due_at = created_at + interval '1 hour',
       resolution_due_at = created_at + interval '1 day',
       satisfaction_rating = CASE WHEN closed_at IS NOT NULL AND r.rates THEN 1 + floor(r.score * 5)::int END,
       rated_at = CASE WHEN closed_at IS NOT NULL AND r.rates THEN closed_at + interval '5 minutes' END
     FROM (SELECT id, random() < 0.9 AS answered, random() AS wait, random() < 0.6 AS rates, random() AS score FROM ticket.tickets) AS r
     WHERE r.id = tickets.id`,
  );
  log(`  response-time facts set in ${(elapsedMs(started) / 1000).toFixed(1)} s; rebuilding ${indexes.length} indexes`);
  for (const index of indexes) await db.query(index.indexdef);
  await db.query('VACUUM ANALYZE ticket.tickets');
  const [{ rated, breached }] = (
    await db.query(
      `SELECT count(rated_at) AS rated, count(*) FILTER (WHERE sla_breach_at <= now()) AS breached FROM ticket.tickets`,
    )
  ).rows;
  return { seconds: elapsedMs(started) / 1000, rated: Number(rated), breached: Number(breached) };
}
