import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A chat's messages go out in the order their causes happened (the event's occurredAt, then the producer's
 * outbox sequence), not in the order their events happened to be consumed.
 */
export class OutboundOrder1733200000000 implements MigrationInterface {
  name = 'OutboundOrder1733200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bot".outbound_messages
      ADD COLUMN occurred_at timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN source_sequence bigint NOT NULL DEFAULT 0`);
    await queryRunner.query('DROP INDEX "bot".outbound_messages_pending');
    await queryRunner.query(`CREATE INDEX outbound_messages_pending ON "bot".outbound_messages
      (chat_id, occurred_at, source_sequence, id) WHERE status = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "bot".outbound_messages_pending');
    await queryRunner.query(
      `CREATE INDEX outbound_messages_pending ON "bot".outbound_messages (chat_id, id) WHERE status = 'pending'`,
    );
    await queryRunner.query('ALTER TABLE "bot".outbound_messages DROP COLUMN occurred_at, DROP COLUMN source_sequence');
  }
}
