import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableSql } from '@app/messaging';

/**
 * An employee can be away (auto-assignment skips them), and the gateway tells ticket-service about its
 * employees through an outbox of its own (event employee.changed). The employees that exist already are
 * told once, here, so ticket-service's roster starts complete.
 */
export class EmployeeAwayAndOutbox1735500000000 implements MigrationInterface {
  name = 'EmployeeAwayAndOutbox1735500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "auth".employees ADD COLUMN away boolean NOT NULL DEFAULT false');
    await queryRunner.query(outboxTableSql('auth'));
    await queryRunner.query(`INSERT INTO "auth".outbox (event_id, event_name, payload)
      SELECT e.event_id, 'employee.changed', jsonb_build_object(
        'eventId', e.event_id, 'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'employeeId', e.id, 'role', e.role, 'active', e.active, 'away', e.away)
      FROM (SELECT gen_random_uuid() AS event_id, * FROM "auth".employees ORDER BY id) e`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "auth".outbox');
    await queryRunner.query('ALTER TABLE "auth".employees DROP COLUMN away');
  }
}
