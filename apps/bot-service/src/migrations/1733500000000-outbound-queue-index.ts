import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pending-messages index in the exact order a chat's messages go out (a partly sent one first), so the
 * sender finds each chat's next message with one index descent instead of sorting the chat's backlog.
 */
export class OutboundQueueIndex1733500000000 implements MigrationInterface {
  name = 'OutboundQueueIndex1733500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX outbound_messages_queue ON "bot".outbound_messages
      (chat_id, (parts_sent = 0), occurred_at, source_sequence, id) WHERE status = 'pending'`);
    await queryRunner.query('DROP INDEX "bot".outbound_messages_pending');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX outbound_messages_pending ON "bot".outbound_messages
      (chat_id, occurred_at, source_sequence, id) WHERE status = 'pending'`);
    await queryRunner.query('DROP INDEX "bot".outbound_messages_queue');
  }
}
