import { MigrationInterface, QueryRunner } from 'typeorm';

/** A reply sent with an Idempotency-Key is stored once per (employee, key), however often it is retried. */
export class ReplyIdempotencyKeys1735200000100 implements MigrationInterface {
  name = 'ReplyIdempotencyKeys1735200000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE ticket.messages ADD COLUMN idempotency_key text');
    await queryRunner.query(
      `CREATE UNIQUE INDEX messages_idempotency_key ON ticket.messages (employee_id, idempotency_key)
       WHERE idempotency_key IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX ticket.messages_idempotency_key');
    await queryRunner.query('ALTER TABLE ticket.messages DROP COLUMN idempotency_key');
  }
}
