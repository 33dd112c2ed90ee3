import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stored update is forwarded, and a queued message sent, by background workers: each row keeps the trace
 * context of the work that stored it, so a Telegram update and its forwarding, or an event and its send to
 * Telegram, are one trace.
 */
export class QueuedWorkTraceContext1735600000001 implements MigrationInterface {
  name = 'QueuedWorkTraceContext1735600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "bot".inbound_updates ADD COLUMN trace_context jsonb');
    await queryRunner.query('ALTER TABLE "bot".outbound_messages ADD COLUMN trace_context jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "bot".outbound_messages DROP COLUMN trace_context');
    await queryRunner.query('ALTER TABLE "bot".inbound_updates DROP COLUMN trace_context');
  }
}
