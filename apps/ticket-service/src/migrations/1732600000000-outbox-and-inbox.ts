import { MigrationInterface, QueryRunner } from 'typeorm';
import { processedEventsTableSql } from '@app/database';
import { outboxTableSql } from '@app/messaging';

export class OutboxAndInbox1732600000000 implements MigrationInterface {
  name = 'OutboxAndInbox1732600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(outboxTableSql('ticket'));
    await queryRunner.query(processedEventsTableSql('ticket'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "ticket".processed_events');
    await queryRunner.query('DROP TABLE "ticket".outbox');
  }
}
