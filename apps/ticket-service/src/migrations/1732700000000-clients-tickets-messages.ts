import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ticket domain's tables. Ticket list indexes: every list query is split by the code into one
 * branch per status (see TicketQuery), so each branch filters on `status =` (plus an assignee) and
 * reads one of these indexes in (sort column, id) order, stopping at the page size.
 */
export class ClientsTicketsMessages1732700000000 implements MigrationInterface {
  name = 'ClientsTicketsMessages1732700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE ticket.clients (
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

    await queryRunner.query(`CREATE TABLE ticket.tickets (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      client_id integer NOT NULL REFERENCES ticket.clients (id),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
      assignee_id integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      last_message_at timestamptz,
      last_message_preview text,
      CHECK ((status = 'closed') = (closed_at IS NOT NULL))
    )`);
    // The invariant "at most one active ticket per client", held by Postgres under any concurrency.
    await queryRunner.query(`CREATE UNIQUE INDEX tickets_one_active_per_client ON ticket.tickets (client_id) WHERE status <> 'closed'`);
    await queryRunner.query(`CREATE INDEX tickets_status_updated ON ticket.tickets (status, updated_at, id)`);
    await queryRunner.query(`CREATE INDEX tickets_status_created ON ticket.tickets (status, created_at, id)`);
    await queryRunner.query(
      `CREATE INDEX tickets_assignee_status_updated ON ticket.tickets (assignee_id, status, updated_at, id) WHERE assignee_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX tickets_assignee_status_created ON ticket.tickets (assignee_id, status, created_at, id) WHERE assignee_id IS NOT NULL`,
    );
    // `assignee_id IS NULL` is not an equality the planner can skip over in an index's order, so
    // "unassigned" gets partial indexes of its own instead of a leading assignee_id column.
    await queryRunner.query(
      `CREATE INDEX tickets_unassigned_status_updated ON ticket.tickets (status, updated_at, id) WHERE assignee_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX tickets_unassigned_status_created ON ticket.tickets (status, created_at, id) WHERE assignee_id IS NULL`,
    );

    await queryRunner.query(`CREATE TABLE ticket.messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      ticket_id integer NOT NULL REFERENCES ticket.tickets (id),
      direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
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
      CHECK ((direction = 'outbound') = (delivery_status IS NOT NULL))
    )`);
    // Telegram's (chat, message) pair: a redelivered update finds its message here and changes nothing.
    await queryRunner.query(
      `CREATE UNIQUE INDEX messages_telegram_key ON ticket.messages (telegram_chat_id, telegram_message_id)`,
    );
    await queryRunner.query(`CREATE INDEX messages_ticket_conversation ON ticket.messages (ticket_id, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ticket.messages');
    await queryRunner.query('DROP TABLE ticket.tickets');
    await queryRunner.query('DROP TABLE ticket.clients');
  }
}
