import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListTicketsRequest, ListTicketsSchema, SORT_ORDERS, TICKET_SORT_FIELDS } from '@app/contracts';
import { parseConfig } from '@app/config';
import { TestEnvironment } from '@app/testing';
import { migrateTicketSchema } from '../src/bootstrap';
import { ticketServiceEnv } from '../src/config';
import { ticketDataSourceOptions } from '../src/database';
import { STATUS_FILTERS } from './ticket-service.harness';
import { plansPerValue } from '../src/tickets/ticket-list-filters';
import { TicketListPosition, ticketPageSql } from '../src/tickets/ticket-query';
import { SEARCH_RANDOM_PAGE_COST, searchDocumentSql, searchWords } from '../src/tickets/ticket-search';

const TICKETS = 200_000;
const ASSIGNEE_FILTERS: ListTicketsRequest['assigneeId'][] = [undefined, 7, 'none'];
const PLANNING = ['custom', 'generic'] as const;
/** Rows of tickets a filtered page may read (index entries checked, or matches sorted): 1% of the table. */
const MAX_FILTERED_READ = TICKETS / 100;

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
    // Agent work, each independent of status and of the others (a hash per column stands in for chance):
    // 80% normal priority, 3% urgent; open tickets mostly waiting, closed ones seldom; tags from common to rare.
    await db.query(
      `UPDATE ticket.tickets SET
         priority = CASE WHEN p < 80 THEN 1 WHEN p < 87 THEN 0 WHEN p < 97 THEN 2 ELSE 3 END,
         waiting_since = CASE WHEN (status <> 'closed' AND w < 80) OR w < 5 THEN updated_at - interval '1 hour' END,
         -- a first-response target on most tickets (SLA_FIRST_RESPONSE_MINUTES set since), none on the oldest;
         -- 85% answered within 40 minutes; resolution due in 3 days, so the old unclosed backlog is breached
         first_response_due_at = CASE WHEN s2 % 100 < 90 THEN created_at + interval '1 hour' END,
         resolution_due_at = CASE WHEN s2 % 100 < 90 THEN created_at + interval '3 days 1 hour' END,
         first_response_at = CASE WHEN r < 85 THEN created_at + interval '1 minute' * (1 + r % 40) END,
         tags = CASE WHEN g < 2 THEN '{vip,delivery}'::text[] WHEN g < 20 THEN '{delivery}'::text[] ELSE '{}' END
       FROM (SELECT id AS ticket_id, abs(hashtext(id || 'p')) % 100 AS p, abs(hashtext(id || 'w')) % 100 AS w,
                    abs(hashtext(id || 'g')) % 100 AS g, abs(hashtext(id || 't')) % 10000 AS s2,
                    abs(hashtext(id || 'r')) % 100 AS r
             FROM ticket.tickets) AS chance
       WHERE id = chance.ticket_id`,
    );
    // Two messages per ticket, their search words from in every ticket to rare: "заказ" and "printer" in every
    // first message, "доставка" in a third of the second ones, "turbine" in 2 of 10,000, a word of its own in each.
    await db.query(
      `INSERT INTO ticket.messages (ticket_id, direction, kind, text, search)
       SELECT id, 'inbound', 'text', m.text, ${searchDocumentSql('m.text')}
       FROM ticket.tickets,
            LATERAL (VALUES ('заказ printer'),
                            ((CASE WHEN abs(hashtext(id || 's')) % 100 < 33 THEN 'доставка ' ELSE '' END) ||
                             (CASE WHEN abs(hashtext(id || 't')) % 10000 < 2 THEN 'turbine ' ELSE '' END) || 'client' || id)) AS m(text)`,
    );
    await db.query('VACUUM ANALYZE ticket.clients, ticket.tickets, ticket.messages');
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
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created,
              to_char(waiting_since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS waiting, priority,
              COALESCE(to_char(first_response_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'infinity') AS due
       FROM ticket.tickets WHERE id = $1`,
      // an open ticket awaiting a reply, so it has a value for every sort
      [TICKETS / 2 + 7],
    );

    const summaries: string[] = [];
    const offenders: string[] = [];
    for (const status of STATUS_FILTERS) {
      for (const assigneeId of ASSIGNEE_FILTERS) {
        for (const sort of TICKET_SORT_FIELDS) {
          for (const order of SORT_ORDERS) {
            const at = {
              updatedAt: middle.updated,
              createdAt: middle.created,
              waitingSince: middle.waiting,
              priority: middle.priority,
              firstResponseDueAt: middle.due,
            }[sort];
            for (const after of [null, { at, id: middle.id }]) {
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
                const unordered = tableScans.some(
                  (scan) => !/^Index (Only )?Scan/.test(scan.node) || scan.rows > query.limit + 1,
                );
                if (fullScan || tableScans.length === 0 || unordered) offenders.push(`${name}\n${plan}`);
              }
            }
          }
        }
      }
    }

    logger.log(`Ticket list plans at ${TICKETS} tickets:\n${summaries.join('\n')}`);
    expect(summaries).toHaveLength(
      STATUS_FILTERS.length * ASSIGNEE_FILTERS.length * TICKET_SORT_FIELDS.length * 2 * 2 * PLANNING.length,
    );
    expect(offenders).toEqual([]);
  });

  /**
   * Filters on a column no list index leads with (tags, priority, awaitingReply, search) either ride the
   * sort's ordered index scan, checked on the rows it reads until the page is full, or, when rare, are
   * looked up first in their own index (GIN for tags and search) and the few matches sorted. Either way no
   * table is read whole: every scan of tickets uses an index and reads a bounded number of rows.
   */
  it('serves the agent-work and response-time filters and search, with every sort, from indexes: no full scan, bounded reads', async () => {
    const [middle] = await db.query(
      `SELECT id, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS updated FROM ticket.tickets WHERE id = $1`,
      [TICKETS / 2 + 1],
    );
    const shapes: ListTicketsRequest[] = [
      { q: 'заказы' },
      { q: 'заказы', status: ['open'], assigneeId: 'none' },
      { q: 'доставки', status: ['open', 'in_progress'], assigneeId: 7 },
      { q: 'turbine' },
      { q: 'turbine', status: ['open'], assigneeId: 7 },
      { q: `#${TICKETS / 2}` },
      { tags: ['vip'] },
      { tags: ['delivery'], status: ['open'] },
      { tags: ['vip', 'delivery'], assigneeId: 'none' },
      { priority: ['urgent'] },
      { priority: ['high', 'urgent'], status: ['open'], assigneeId: 7 },
      { awaitingReply: true, status: ['open', 'in_progress'] },
      { awaitingReply: false, assigneeId: 7 },
      { clientId: 1234 },
      // response-time targets: the breached (or not) among all, a status, an agent's, the unassigned
      { slaBreached: true },
      { slaBreached: true, status: ['open'] },
      { slaBreached: true, status: ['open', 'in_progress'], assigneeId: 7 },
      { slaBreached: true, assigneeId: 'none' },
      { slaBreached: false, status: ['open', 'in_progress'] },
      { slaBreached: false, assigneeId: 7 },
      { q: 'printer', tags: ['vip'], priority: ['urgent'], awaitingReply: true },
    ];
    const summaries: string[] = [];
    const offenders: string[] = [];
    for (const shape of shapes) {
      for (const sort of TICKET_SORT_FIELDS) {
        if (sort === 'waitingSince' && shape.awaitingReply === false) continue;
        const query = ListTicketsSchema.parse({ ...shape, sort });
        // A search or tag filter is planned for its values every time (TicketQuery): no generic plan to check.
        for (const planning of plansPerValue(query) ? (['custom'] as const) : PLANNING) {
          const after = sort === 'updatedAt' ? { at: middle.updated, id: middle.id } : null;
          const plan = await explain(query, after, planning);
          const name = `${JSON.stringify(shape)} ${sort}${after ? ' after cursor' : ''} (${planning} plan)`;
          const scans = scansOf(plan);
          const read = scans.reduce((sum, scan) => sum + scan.rows, 0);
          summaries.push(`${name}: ${scans.map((scan) => `${scan.node} (${scan.rows} rows)`).join(' | ')}`);
          const unindexed = scans.some((scan) => !/Index|Bitmap Heap/.test(scan.node));
          if (
            /Seq Scan on (tickets|messages)/.test(plan) ||
            scans.length === 0 ||
            unindexed ||
            read > MAX_FILTERED_READ
          )
            offenders.push(`${name}\n${plan}`);
        }
      }
    }
    logger.log(`Agent-work filter plans at ${TICKETS} tickets:\n${summaries.join('\n')}`);
    expect(offenders).toEqual([]);
    // the breached, newest due first, skip the tickets without a target (never breached) by their own index
    const breachedByDue = summaries.filter(
      (line) => line.startsWith('{"slaBreached":true}') && line.includes(' firstResponseDueAt '),
    );
    expect(breachedByDue).toHaveLength(PLANNING.length);
    for (const line of breachedByDue) expect(line).toContain('using tickets_breached_status_first_response_due');
  });

  /** The service runs the page as a prepared statement: planned for its values at first, then generically. */
  async function explain(
    query: ReturnType<typeof ListTicketsSchema.parse>,
    after: TicketListPosition | null,
    planning: (typeof PLANNING)[number],
  ): Promise<string> {
    const words = query.q === undefined ? [] : await searchWords(db, query.q);
    const { sql, params } = ticketPageSql(query, after, words);
    const runner = db.createQueryRunner();
    try {
      // as TicketQuery.search plans a search
      if (query.q !== undefined) await runner.query(`SET random_page_cost = ${SEARCH_RANDOM_PAGE_COST}`);
      await runner.query(
        `SET plan_cache_mode = ${planning === 'generic' ? 'force_generic_plan' : 'force_custom_plan'}`,
      );
      await runner.query(`PREPARE page AS ${sql}`);
      // EXECUTE is a utility statement, which takes no bind parameters: the values go in as literals.
      const literal = (value: unknown): string => {
        if (typeof value === 'number') return String(value);
        const text = Array.isArray(value)
          ? `{${value.map((item) => `"${String(item).replace(/["\\]/g, '\\$&')}"`).join(',')}}`
          : String(value);
        return `'${text.replace(/'/g, "''")}'`;
      };
      const args = params.map(literal);
      const rows: { 'QUERY PLAN': string }[] = await runner.query(
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) EXECUTE page(${args.join(', ')})`,
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await runner.query('DEALLOCATE ALL; RESET plan_cache_mode; RESET random_page_cost').catch(() => undefined);
      await runner.release();
    }
  }
});

/**
 * The scans of the tickets table, and of the messages a search looks its words up in, in an `EXPLAIN ANALYZE`
 * text, with the rows each read (kept or filtered out; a scan repeated per outer row counts each time's rows).
 */
function scansOf(plan: string): { node: string; rows: number }[] {
  const scans: { node: string; rows: number }[] = [];
  // EXPLAIN gives a repeated scan's rows, and those its filter removed, per loop
  let current: { node: string; rows: number; loops: number } | undefined;
  for (const line of plan.split('\n')) {
    const scan =
      /([A-Z][\w ]*Scan(?: Backward)?(?: using \w+)? on (?:tickets|messages)(?: t)?)\b.*?actual rows=(\d+) loops=(\d+)/.exec(
        line,
      );
    if (scan) {
      current = { node: scan[1], rows: Number(scan[2]) * Number(scan[3]), loops: Number(scan[3]) };
      // the page's own rows, read once it is decided (`tickets t`), are the page, not a read to find it
      if (!/ on tickets t$/.test(scan[1])) scans.push(current);
    } else if (line.includes('->')) current = undefined;
    const removed = /Rows Removed by (?:Filter|Index Recheck): (\d+)/.exec(line);
    if (removed && current) current.rows += Number(removed[1]) * current.loops;
  }
  return scans.map(({ node, rows }) => ({ node, rows }));
}
