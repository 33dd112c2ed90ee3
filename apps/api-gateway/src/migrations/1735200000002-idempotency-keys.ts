import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first result of each POST sent with an Idempotency-Key, per employee, for 24 hours. */
export class IdempotencyKeys1735200000002 implements MigrationInterface {
  name = 'IdempotencyKeys1735200000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "auth".idempotency_keys (
      employee_id integer NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (employee_id, key)
    )`);
    await queryRunner.query('CREATE INDEX idempotency_keys_created_at_idx ON "auth".idempotency_keys (created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "auth".idempotency_keys');
  }
}
