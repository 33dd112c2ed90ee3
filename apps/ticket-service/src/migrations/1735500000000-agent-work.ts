import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agent work: priority, tags, "awaiting our reply", the previous ticket, full-text search, notes and system
 * messages, the audit trail, canned replies and the roster auto-assignment picks from.
 *
 * List indexes follow the scheme of 1732700000000: per status (and per assignee, or unassigned), in the
 * order of each sort key, the id breaking ties. Tags and search are GIN indexes the planner combines with
 * them. The search document is kept per ticket (`search`), so a word is looked up once per ticket, not once
 * per message, and a common word is checked on the few rows an ordered page reads.
 */
export class AgentWork1735500000000 implements MigrationInterface {
  name = 'AgentWork1735500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    // priority: 0 low, 1 normal, 2 high, 3 urgent (a number, so `ORDER BY priority` is urgency)
    await run(`ALTER TABLE ticket.tickets
      ADD COLUMN priority smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
      ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
      ADD COLUMN waiting_since timestamptz,
      ADD COLUMN previous_ticket_id integer REFERENCES ticket.tickets (id),
      ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector`);

    // Notes are internal (neither way); system messages are what the bot said on its own (outbound).
    await run(`ALTER TABLE ticket.messages DROP CONSTRAINT messages_direction_check`);
    await run(`ALTER TABLE ticket.messages ADD CONSTRAINT messages_direction_check CHECK (direction IN ('inbound', 'outbound', 'internal'))`);

    // What existing tickets already hold: the client wrote last since their first unanswered message.
    await run(`UPDATE ticket.tickets t SET waiting_since = w.since
      FROM (SELECT m.ticket_id, min(m.created_at) AS since FROM ticket.messages m
            WHERE m.direction = 'inbound' AND NOT EXISTS (
              SELECT 1 FROM ticket.messages r WHERE r.ticket_id = m.ticket_id AND r.direction = 'outbound' AND r.id > m.id)
            GROUP BY m.ticket_id) w
      WHERE t.id = w.ticket_id`);
    await run(`UPDATE ticket.tickets t SET search = s.document
      FROM (SELECT m.ticket_id, strip(to_tsvector('russian', string_agg(m.text, ' '))) AS document
            FROM ticket.messages m WHERE m.text IS NOT NULL GROUP BY m.ticket_id) s
      WHERE t.id = s.ticket_id`);
    await run(`UPDATE ticket.tickets t SET search = strip(t.search || to_tsvector('russian',
        concat_ws(' ', c.username, c.first_name, c.last_name)))
      FROM ticket.clients c WHERE c.id = t.client_id`);
    await run(`UPDATE ticket.tickets t SET previous_ticket_id = p.previous
      FROM (SELECT id, lag(id) OVER (PARTITION BY client_id ORDER BY id) AS previous FROM ticket.tickets) p
      WHERE t.id = p.id AND p.previous IS NOT NULL`);

    await run(`CREATE INDEX tickets_client ON ticket.tickets (client_id, id)`);
    await run(`CREATE INDEX tickets_tags ON ticket.tickets USING gin (tags)`);
    await run(`CREATE INDEX tickets_search ON ticket.tickets USING gin (search)`);
    // The planner picks between looking a word up in the GIN index and checking it on an ordered scan by how
    // common it thinks the word is; the default statistics keep too few words (every ticket brings its own
    // names and numbers), so a rare word looked common and a page read tens of thousands of rows to find it.
    await run(`ALTER TABLE ticket.tickets ALTER COLUMN search SET STATISTICS 2000`);
    for (const [name, column, only] of [
      ['priority', 'priority', []],
      // only waiting tickets have a waitingSince: sort=waitingSince lists them alone
      ['waiting', 'waiting_since', ['waiting_since IS NOT NULL']],
    ] as const) {
      const where = (...conditions: string[]) => (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '');
      await run(`CREATE INDEX tickets_status_${name} ON ticket.tickets (status, ${column}, id)${where(...only)}`);
      await run(
        `CREATE INDEX tickets_assignee_status_${name} ON ticket.tickets (assignee_id, status, ${column}, id)${where('assignee_id IS NOT NULL', ...only)}`,
      );
      await run(`CREATE INDEX tickets_unassigned_status_${name} ON ticket.tickets (status, ${column}, id)${where('assignee_id IS NULL', ...only)}`);
    }

    await run(`CREATE TABLE ticket.ticket_history (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ticket_id integer NOT NULL REFERENCES ticket.tickets (id),
      at timestamptz NOT NULL DEFAULT now(),
      employee_id integer,
      action text NOT NULL CHECK (action IN ('status', 'assignee', 'priority', 'tags')),
      from_value jsonb,
      to_value jsonb
    )`);
    await run(`CREATE INDEX ticket_history_ticket ON ticket.ticket_history (ticket_id, id)`);

    await run(`CREATE TABLE ticket.canned_replies (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      title text NOT NULL,
      text_ru text,
      text_en text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (text_ru IS NOT NULL OR text_en IS NOT NULL)
    )`);

    // The employees as api-gateway reports them (event employee.changed); `version` is the event's outbox
    // sequence, so a late, older event never overwrites a newer state.
    await run(`CREATE TABLE ticket.agents (
      employee_id integer PRIMARY KEY,
      role text NOT NULL,
      active boolean NOT NULL,
      away boolean NOT NULL,
      version bigint NOT NULL
    )`);
    // Where round-robin continues: the last agent it gave a ticket to.
    await run(`CREATE TABLE ticket.assignment_turn (
      only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
      last_employee_id integer NOT NULL
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run('DROP TABLE ticket.assignment_turn');
    await run('DROP TABLE ticket.agents');
    await run('DROP TABLE ticket.canned_replies');
    await run('DROP TABLE ticket.ticket_history');
    await run(`DELETE FROM ticket.messages WHERE direction = 'internal'`);
    await run(`ALTER TABLE ticket.messages DROP CONSTRAINT messages_direction_check`);
    await run(`ALTER TABLE ticket.messages ADD CONSTRAINT messages_direction_check CHECK (direction IN ('inbound', 'outbound'))`);
    await run(`ALTER TABLE ticket.tickets DROP COLUMN search, DROP COLUMN previous_ticket_id, DROP COLUMN waiting_since,
      DROP COLUMN tags, DROP COLUMN priority`);
  }
}
