import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `slaBreached=true&sort=firstResponseDueAt`: on the (status, due, id) index, newest due first, tickets without
 * a target come first (their due is infinity) and can never be breached, so a page read through all of them:
 * every ticket from before targets were set. This index holds only tickets that have or had a breach moment
 * (`sla_breach_at IS NOT NULL`, implied by the filter's `sla_breach_at <= now()`), so a page skips at most the
 * tickets still within their targets, a window's worth, not the history. Per status only: an agent's or the
 * unassigned tickets are few enough for their own indexes.
 */
export class BreachedByDueIndex1736800000000 implements MigrationInterface {
  name = 'BreachedByDueIndex1736800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX tickets_breached_status_first_response_due ON ticket.tickets
         (status, (COALESCE(first_response_due_at, 'infinity'::timestamptz)), id) WHERE sla_breach_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ticket.tickets_breached_status_first_response_due`);
  }
}
