import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTraceContextSql } from '@app/messaging';

/** An event is published in the trace of the work that wrote it: the trace context travels with the row. */
export class OutboxTraceContext1735600000000 implements MigrationInterface {
  name = 'OutboxTraceContext1735600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(outboxTraceContextSql('auth'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "auth".outbox DROP COLUMN trace_context');
  }
}
