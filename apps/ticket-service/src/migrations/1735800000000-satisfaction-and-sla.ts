import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Response-time targets and the client's rating on the ticket.
 *
 * `sla_breach_at` is the moment the ticket breaches (or breached) a target, null if it never will: the first
 * response due time unless an employee answered (or the ticket closed) by then, the resolution due time unless
 * it closed by then, whichever comes first. It depends only on the ticket's own facts, so Postgres keeps it
 * (a generated column), and "breached" is `sla_breach_at <= now()` when read: right as time passes without
 * anything being written, and indexable, which a stored boolean would be neither.
 */
export class SatisfactionAndSla1735800000000 implements MigrationInterface {
  name = 'SatisfactionAndSla1735800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ticket.tickets
      ADD COLUMN first_response_at timestamptz,
      ADD COLUMN first_response_due_at timestamptz,
      ADD COLUMN resolution_due_at timestamptz,
      ADD COLUMN satisfaction_rating smallint CHECK (satisfaction_rating BETWEEN 1 AND 5),
      ADD COLUMN satisfaction_comment text,
      ADD COLUMN rated_at timestamptz,
      ADD CHECK ((satisfaction_rating IS NULL) = (rated_at IS NULL)),
      ADD COLUMN sla_breach_at timestamptz GENERATED ALWAYS AS (LEAST(
        CASE WHEN COALESCE(first_response_at, closed_at) IS NULL OR COALESCE(first_response_at, closed_at) > first_response_due_at
          THEN first_response_due_at END,
        CASE WHEN closed_at IS NULL OR closed_at > resolution_due_at THEN resolution_due_at END)) STORED`);

    // sort=firstResponseDueAt: tickets without a target last (ascending), as an index can order them
    const dueAt = `(COALESCE(first_response_due_at, 'infinity'::timestamptz))`;
    await queryRunner.query(`CREATE INDEX tickets_status_first_response_due ON ticket.tickets (status, ${dueAt}, id)`);
    await queryRunner.query(
      `CREATE INDEX tickets_assignee_status_first_response_due ON ticket.tickets (assignee_id, status, ${dueAt}, id) WHERE assignee_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX tickets_unassigned_status_first_response_due ON ticket.tickets (status, ${dueAt}, id) WHERE assignee_id IS NULL`,
    );

    // Reports (by the moment each thing happened) and the slaBreached filter; INCLUDE lets reports read only the index.
    // On an expression the ticket list never orders by: a plain (created_at) index would tempt the list's
    // per-status branches away from their (status, created_at, id) indexes into scan-and-filter plans.
    await queryRunner.query(
      `CREATE INDEX tickets_created_at_utc ON ticket.tickets ((created_at AT TIME ZONE 'UTC')) INCLUDE (created_at, assignee_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX tickets_closed_at ON ticket.tickets (closed_at) INCLUDE (created_at, assignee_id) WHERE closed_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX tickets_first_response_at ON ticket.tickets (first_response_at) INCLUDE (created_at, assignee_id)
       WHERE first_response_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX tickets_sla_breach_at ON ticket.tickets (sla_breach_at) INCLUDE (status, assignee_id) WHERE sla_breach_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX tickets_rated_at ON ticket.tickets (rated_at) INCLUDE (satisfaction_rating, assignee_id) WHERE rated_at IS NOT NULL`,
    );
    // the comment window: a client's recently rated tickets
    await queryRunner.query(`CREATE INDEX tickets_client_rated ON ticket.tickets (client_id, rated_at) WHERE rated_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ticket.tickets
      DROP COLUMN sla_breach_at, DROP COLUMN first_response_at, DROP COLUMN first_response_due_at, DROP COLUMN resolution_due_at,
      DROP COLUMN satisfaction_rating, DROP COLUMN satisfaction_comment, DROP COLUMN rated_at`);
  }
}
