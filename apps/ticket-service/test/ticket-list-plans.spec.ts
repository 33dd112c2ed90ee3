import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListTicketsRequest, ListTicketsSchema, SORT_ORDERS, TICKET_SORT_FIELDS, TicketStatus } from '@app/contracts';
import { parseConfig } from '@app/config';
import { TestEnvironment } from '@app/testing';
import { migrateTicketSchema } from '../src/bootstrap';
import { ticketServiceEnv } from '../src/config';
import { ticketDataSourceOptions } from '../src/database';
import { TicketListPosition, ticketPageSql } from '../src/tickets/ticket-query';

const TICKETS = 200_000;
const STATUS_FILTERS: (TicketStatus[] | undefined)[] = [
  undefined,
  ['open'],
  ['in_progress'],
  ['closed'],
  ['open', 'in_progress'],
  ['open', 'closed'],
  ['in_progress', 'closed'],
  ['open', 'in_progress', 'closed'],
];
const ASSIGNEE_FILTERS: ListTicketsRequest['assigneeId'][] = [undefined, 7, 'none'];
const PLANNING = ['custom', 'generic'] as const;

/**
 * The list query's plans on a realistic volume: 200k tickets (70% closed, 20% open — half of them
 * unassigned —, 10% in progress, 50 employees). The 1M-ticket timings belong to the benchmark.
 */
describe('ticket list query plans', () => {
  const logger = new Logger('TicketListPlans');
  let env: TestEnvironment;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const config = parseConfig(ticketServiceEnv, env.env());
    await migrateTicketSchema(config);
    db = await new DataSource(ticketDataSourceOptions(config)).initialize();
    await db.query(
      `INSERT INTO ticket.clients (telegram_id, chat_id) SELECT 8000000000 + g, 8000000000 + g FROM generate_series(1, $1::int) g`,
      [TICKETS],
    );
    await db.query(
      `INSERT INTO ticket.tickets (client_id, status, assignee_id, created_at, updated_at, closed_at, last_message_at, last_message_preview)
       SELECT c.id, s.status,
              CASE WHEN s.status = 'open' AND c.id % 2 = 0 THEN NULL ELSE 1 + c.id % 50 END,
              t.created_at, t.updated_at, CASE WHEN s.status = 'closed' THEN t.updated_at END, t.updated_at, 'seeded'
       FROM ticket.clients c
       CROSS JOIN LATERAL (SELECT CASE WHEN c.id % 10 < 7 THEN 'closed' WHEN c.id % 10 < 9 THEN 'open' ELSE 'in_progress' END AS status) s
       CROSS JOIN LATERAL (SELECT now() - interval '1 minute' * c.id AS created_at) base
       CROSS JOIN LATERAL (SELECT base.created_at, base.created_at + random() * interval '3 days' AS updated_at) t`,
    );
    await db.query('ANALYZE ticket.clients, ticket.tickets');
  }, 180_000);

  afterAll(async () => {
    await db?.destroy();
    await env?.dispose();
  });

  it('reads every filter × sort × order, first page and later pages, by ordered index scans that stop at the page size', async () => {
    const [{ count }] = await db.query('SELECT count(*)::int AS count FROM ticket.tickets');
    expect(count).toBe(TICKETS);
    const [middle] = await db.query(
      `SELECT id, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated,
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created
       FROM ticket.tickets WHERE id = $1`,
      [TICKETS / 2],
    );

    const summaries: string[] = [];
    const offenders: string[] = [];
    for (const status of STATUS_FILTERS) {
      for (const assigneeId of ASSIGNEE_FILTERS) {
        for (const sort of TICKET_SORT_FIELDS) {
          for (const order of SORT_ORDERS) {
            for (const after of [null, { at: sort === 'updatedAt' ? middle.updated : middle.created, id: middle.id }]) {
              for (const planning of PLANNING) {
                const query = ListTicketsSchema.parse({ status, assigneeId, sort, order });
                const plan = await explain(query, after, planning);
                const filters = `status=${status?.join('+') ?? 'any'} assignee=${assigneeId ?? 'any'}`;
                const name = `${filters} ${sort} ${order}${after ? ' after cursor' : ''} (${planning} plan)`;
                const tableScans = scansOf(plan);
                summaries.push(`${name}: ${tableScans.map((scan) => `${scan.node} (${scan.rows} rows)`).join(' | ')}`);
                // No Seq Scan, no bitmap scan (unordered, then sorted): each branch walks an index in order
                // and reads no more than one page (+1 row to know whether another follows).
                const fullScan = /Seq Scan on tickets/.test(plan);
                const unordered = tableScans.some((scan) => !/^Index (Only )?Scan/.test(scan.node) || scan.rows > query.limit + 1);
                if (fullScan || tableScans.length === 0 || unordered) offenders.push(`${name}\n${plan}`);
              }
            }
          }
        }
      }
    }

    logger.log(`Ticket list plans at ${TICKETS} tickets:\n${summaries.join('\n')}`);
    expect(summaries).toHaveLength(STATUS_FILTERS.length * ASSIGNEE_FILTERS.length * TICKET_SORT_FIELDS.length * SORT_ORDERS.length * 2 * PLANNING.length);
    expect(offenders).toEqual([]);
  });

  /** The service runs the page as a prepared statement: planned for its values at first, then generically. */
  async function explain(
    query: ReturnType<typeof ListTicketsSchema.parse>,
    after: TicketListPosition | null,
    planning: (typeof PLANNING)[number],
  ): Promise<string> {
    const { sql, params } = ticketPageSql(query, after);
    const runner = db.createQueryRunner();
    try {
      await runner.query(`SET plan_cache_mode = ${planning === 'generic' ? 'force_generic_plan' : 'force_custom_plan'}`);
      await runner.query(`PREPARE page AS ${sql}`);
      // EXECUTE is a utility statement, which takes no bind parameters: the values go in as literals.
      const args = params.map((value) => (typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`));
      const rows: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) EXECUTE page(${args.join(', ')})`);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await runner.query('DEALLOCATE ALL; RESET plan_cache_mode').catch(() => undefined);
      await runner.release();
    }
  }
});

/** The scans of the tickets table in an `EXPLAIN ANALYZE` text, with the rows each read (kept or filtered out). */
function scansOf(plan: string): { node: string; rows: number }[] {
  const scans: { node: string; rows: number }[] = [];
  let current: { node: string; rows: number } | undefined;
  for (const line of plan.split('\n')) {
    const scan = /([A-Z][\w ]*Scan(?: Backward)?(?: using \w+)? on tickets)\b.*?actual rows=(\d+)/.exec(line);
    if (scan) scans.push((current = { node: scan[1], rows: Number(scan[2]) }));
    else if (line.includes('->')) current = undefined;
    const removed = /Rows Removed by (?:Filter|Index Recheck): (\d+)/.exec(line);
    if (removed && current) current.rows += Number(removed[1]);
  }
  return scans;
}
