import { MigrationInterface, QueryRunner } from 'typeorm';
import { processedEventsTableSql } from '@app/database';
import { outboxTableSql } from '@app/messaging';

/**
 * Schema `ticket` as it stands: clients, tickets, their conversations and history, the file store, canned
 * replies, the agents' roster, and the outbox and event dedupe. (The migrations written before the first
 * release were squashed into this one.)
 *
 * Ticket list indexes: every list query is split by the code into one branch per status (see TicketQuery), so
 * each branch filters on `status =` (plus an assignee, or unassigned) and reads one index in the order of its
 * sort key, the id breaking ties, stopping at the page size. Tags and search are GIN indexes the planner
 * combines with them.
 */
export class TicketSchema1732600000000 implements MigrationInterface {
  name = 'TicketSchema1732600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(outboxTableSql('ticket'));
    for (const sql of processedEventsTableSql('ticket')) await run(sql);

    await run(`CREATE TABLE ticket.clients (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      telegram_id bigint NOT NULL UNIQUE,
      chat_id bigint NOT NULL,
      username text,
      first_name text,
      last_name text,
      language_code text,
      unreachable_since timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    // priority: 0 low, 1 normal, 2 high, 3 urgent (a number, so `ORDER BY priority` is urgency).
    // search: the document is kept per ticket, so a word is looked up once per ticket, not once per message.
    // sla_breach_at: the moment the ticket breaches (or breached) a response-time target, null if it never
    // will: the first response due time unless an employee answered (or the ticket closed) by then, the
    // resolution due time unless it closed by then, whichever comes first. It depends only on the ticket's own
    // facts, so Postgres keeps it, and "breached" is `sla_breach_at <= now()` when read: right as time passes
    // without anything being written, and indexable, which a stored boolean would be neither.
    await run(`CREATE TABLE ticket.tickets (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      client_id integer NOT NULL REFERENCES ticket.clients (id),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
      assignee_id integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      last_message_at timestamptz,
      last_message_preview text,
      CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
      priority smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 0 AND 3),
      tags text[] NOT NULL DEFAULT '{}',
      waiting_since timestamptz,
      previous_ticket_id integer REFERENCES ticket.tickets (id),
      search tsvector NOT NULL DEFAULT ''::tsvector,
      first_response_at timestamptz,
      first_response_due_at timestamptz,
      resolution_due_at timestamptz,
      satisfaction_rating smallint CHECK (satisfaction_rating BETWEEN 1 AND 5),
      satisfaction_comment text,
      rated_at timestamptz,
      CHECK ((satisfaction_rating IS NULL) = (rated_at IS NULL)),
      sla_breach_at timestamptz GENERATED ALWAYS AS (LEAST(
        CASE WHEN COALESCE(first_response_at, closed_at) IS NULL OR COALESCE(first_response_at, closed_at) > first_response_due_at
          THEN first_response_due_at END,
        CASE WHEN closed_at IS NULL OR closed_at > resolution_due_at THEN resolution_due_at END)) STORED
    )`);
    // The invariant "at most one active ticket per client", held by Postgres under any concurrency.
    await run(
      `CREATE UNIQUE INDEX tickets_one_active_per_client ON ticket.tickets (client_id) WHERE status <> 'closed'`,
    );
    await run(`CREATE INDEX tickets_client ON ticket.tickets (client_id, id)`);
    // `assignee_id IS NULL` is not an equality the planner can skip over in an index's order, so "unassigned"
    // gets partial indexes of its own instead of a leading assignee_id column.
    // sort=firstResponseDueAt: tickets without a target last (ascending), as an index can order them;
    // sort=waitingSince lists only waiting tickets.
    const dueAt = `(COALESCE(first_response_due_at, 'infinity'::timestamptz))`;
    for (const [name, column, only] of [
      ['updated', 'updated_at', []],
      ['created', 'created_at', []],
      ['priority', 'priority', []],
      ['waiting', 'waiting_since', ['waiting_since IS NOT NULL']],
      ['first_response_due', dueAt, []],
    ] as const) {
      const where = (...conditions: string[]) => (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '');
      await run(`CREATE INDEX tickets_status_${name} ON ticket.tickets (status, ${column}, id)${where(...only)}`);
      await run(
        `CREATE INDEX tickets_assignee_status_${name} ON ticket.tickets (assignee_id, status, ${column}, id)${where('assignee_id IS NOT NULL', ...only)}`,
      );
      await run(
        `CREATE INDEX tickets_unassigned_status_${name} ON ticket.tickets (status, ${column}, id)${where('assignee_id IS NULL', ...only)}`,
      );
    }
    // slaBreached=true&sort=firstResponseDueAt: on (status, due, id) the tickets without a target come first when
    // read newest due first (their due is infinity) and can never be breached, so a page would read through all
    // of them. This index holds only tickets that have or had a breach moment (implied by the filter's
    // `sla_breach_at <= now()`): a page skips at most the tickets still within their targets. Per status only:
    // an agent's or the unassigned tickets are few enough for the indexes above.
    await run(
      `CREATE INDEX tickets_breached_status_first_response_due ON ticket.tickets (status, ${dueAt}, id) WHERE sla_breach_at IS NOT NULL`,
    );
    await run(`CREATE INDEX tickets_tags ON ticket.tickets USING gin (tags)`);
    await run(`CREATE INDEX tickets_search ON ticket.tickets USING gin (search)`);
    // The planner picks between looking a word up in the GIN index and checking it on an ordered scan by how
    // common it thinks the word is; the default statistics keep too few words (every ticket brings its own
    // names and numbers), so a rare word looked common and a page read tens of thousands of rows to find it.
    await run(`ALTER TABLE ticket.tickets ALTER COLUMN search SET STATISTICS 2000`);

    // Reports (by the moment each thing happened) and the slaBreached filter; INCLUDE lets reports read only the
    // index. On an expression the ticket list never orders by: a plain (created_at) index would tempt the list's
    // per-status branches away from their (status, created_at, id) indexes into scan-and-filter plans.
    await run(
      `CREATE INDEX tickets_created_at_utc ON ticket.tickets ((created_at AT TIME ZONE 'UTC')) INCLUDE (created_at, assignee_id)`,
    );
    await run(
      `CREATE INDEX tickets_closed_at ON ticket.tickets (closed_at) INCLUDE (created_at, assignee_id) WHERE closed_at IS NOT NULL`,
    );
    await run(`CREATE INDEX tickets_first_response_at ON ticket.tickets (first_response_at) INCLUDE (created_at, assignee_id)
       WHERE first_response_at IS NOT NULL`);
    await run(
      `CREATE INDEX tickets_sla_breach_at ON ticket.tickets (sla_breach_at) INCLUDE (status, assignee_id) WHERE sla_breach_at IS NOT NULL`,
    );
    await run(
      `CREATE INDEX tickets_rated_at ON ticket.tickets (rated_at) INCLUDE (satisfaction_rating, assignee_id) WHERE rated_at IS NOT NULL`,
    );
    // the comment window: a client's recently rated tickets
    await run(`CREATE INDEX tickets_client_rated ON ticket.tickets (client_id, rated_at) WHERE rated_at IS NOT NULL`);

    await this.ticketStatusCounts(run);

    // The file store: the bytes of clients' and employees' files in chunks, in this schema, so they are in the
    // same backups and shared by every replica.
    await run(`CREATE TABLE ticket.files (
      id uuid PRIMARY KEY,
      size bigint,
      chunk_count integer,
      mime_type text,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      CHECK ((completed_at IS NULL) = (size IS NULL))
    )`);
    await run(`CREATE TABLE ticket.file_chunks (
      file_id uuid NOT NULL REFERENCES ticket.files (id) ON DELETE CASCADE,
      index integer NOT NULL CHECK (index >= 0),
      data bytea NOT NULL,
      PRIMARY KEY (file_id, index)
    )`);
    // Photos, archives and PDFs are compressed already: storing them out of line without pglz saves the CPU.
    await run(`ALTER TABLE ticket.file_chunks ALTER COLUMN data SET STORAGE EXTERNAL`);

    // direction: notes are internal (neither way); system messages are what the bot said on its own (outbound).
    // idempotency_key: a reply sent with an Idempotency-Key is stored once per (employee, key).
    await run(`CREATE TABLE ticket.messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ticket_id integer NOT NULL REFERENCES ticket.tickets (id),
      direction text NOT NULL CONSTRAINT messages_direction_check CHECK (direction IN ('inbound', 'outbound', 'internal')),
      kind text NOT NULL DEFAULT 'text',
      text text,
      file_id text,
      telegram_chat_id bigint,
      telegram_message_id bigint,
      employee_id integer,
      delivery_status text CHECK (delivery_status IN ('pending', 'delivered', 'failed')),
      delivery_error text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((direction = 'outbound') = (delivery_status IS NOT NULL)),
      idempotency_key text,
      attachment_state text CHECK (attachment_state IN ('pending', 'ready', 'too_large', 'failed')),
      attachment_file_id uuid REFERENCES ticket.files (id),
      attachment_file_name text,
      attachment_mime_type text,
      attachment_size bigint,
      attachment_width integer,
      attachment_height integer,
      attachment_duration integer,
      edited_at timestamptz,
      reply_to_message_id bigint REFERENCES ticket.messages (id),
      CHECK (attachment_state = 'ready' OR attachment_file_id IS NULL)
    )`);
    // Telegram's (chat, message) pair: a redelivered update finds its message here and changes nothing.
    await run(`CREATE UNIQUE INDEX messages_telegram_key ON ticket.messages (telegram_chat_id, telegram_message_id)`);
    await run(`CREATE INDEX messages_ticket_conversation ON ticket.messages (ticket_id, id)`);
    await run(`CREATE UNIQUE INDEX messages_idempotency_key ON ticket.messages (employee_id, idempotency_key)
       WHERE idempotency_key IS NOT NULL`);
    // A client's edits of a message: earlier versions kept.
    await run(`CREATE TABLE ticket.message_edits (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      message_id bigint NOT NULL REFERENCES ticket.messages (id),
      text text,
      edited_at timestamptz NOT NULL
    )`);
    await run(`CREATE INDEX message_edits_of_message ON ticket.message_edits (message_id, edited_at)`);

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

  /**
   * Tickets per status, maintained by triggers, so the `desk_tickets` gauge is a sum over a few dozen rows
   * instead of a count over every ticket. Each change adds its delta to a slot chosen by the backend's pid:
   * a backend runs one transaction at a time, so concurrent transactions almost never update the same row
   * (no hot row serialising ticket creation). Inserts are counted per statement (a batch of new tickets is
   * one upsert per status), status changes per row, and only when the status really changes.
   */
  private async ticketStatusCounts(run: (sql: string) => Promise<unknown>): Promise<void> {
    await run(`CREATE TABLE ticket.ticket_status_counts (
      status text NOT NULL,
      slot smallint NOT NULL,
      tickets bigint NOT NULL,
      PRIMARY KEY (status, slot)
    )`);
    await run(`CREATE FUNCTION ticket.count_ticket_statuses(deltas jsonb) RETURNS void LANGUAGE sql AS $$
      INSERT INTO ticket.ticket_status_counts AS c (status, slot, tickets)
      SELECT d.key, pg_backend_pid() % 64, d.value::bigint FROM jsonb_each_text(deltas) d
      ON CONFLICT (status, slot) DO UPDATE SET tickets = c.tickets + EXCLUDED.tickets
    $$`);
    await run(`CREATE FUNCTION ticket.tickets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ticket.count_ticket_statuses((SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM new_tickets GROUP BY status) s))
          WHERE EXISTS (SELECT 1 FROM new_tickets);
        RETURN NULL;
      END $$`);
    await run(`CREATE FUNCTION ticket.ticket_status_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ticket.count_ticket_statuses(jsonb_build_object(OLD.status, -1, NEW.status, 1));
        RETURN NULL;
      END $$`);
    await run(`CREATE FUNCTION ticket.tickets_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM ticket.count_ticket_statuses((SELECT jsonb_object_agg(status, -n) FROM (SELECT status, count(*) AS n FROM old_tickets GROUP BY status) s))
          WHERE EXISTS (SELECT 1 FROM old_tickets);
        RETURN NULL;
      END $$`);
    await run(`CREATE TRIGGER tickets_count_inserted AFTER INSERT ON ticket.tickets
      REFERENCING NEW TABLE AS new_tickets FOR EACH STATEMENT EXECUTE FUNCTION ticket.tickets_inserted()`);
    await run(`CREATE TRIGGER tickets_count_status_changed AFTER UPDATE OF status ON ticket.tickets
      FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION ticket.ticket_status_changed()`);
    await run(`CREATE TRIGGER tickets_count_deleted AFTER DELETE ON ticket.tickets
      REFERENCING OLD TABLE AS old_tickets FOR EACH STATEMENT EXECUTE FUNCTION ticket.tickets_deleted()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'assignment_turn',
      'agents',
      'canned_replies',
      'ticket_history',
      'message_edits',
      'messages',
      'file_chunks',
      'files',
      'tickets',
      'ticket_status_counts',
      'clients',
      'processed_events',
      'outbox',
    ]) {
      await queryRunner.query(`DROP TABLE ticket.${table}`);
    }
    for (const fn of [
      'tickets_deleted()',
      'ticket_status_changed()',
      'tickets_inserted()',
      'count_ticket_statuses(jsonb)',
    ]) {
      await queryRunner.query(`DROP FUNCTION ticket.${fn}`);
    }
  }
}
