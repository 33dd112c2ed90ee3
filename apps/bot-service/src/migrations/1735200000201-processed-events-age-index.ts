import { MigrationInterface, QueryRunner } from 'typeorm';

/** processed_events is pruned by age (ProcessedEventsRetention). */
export class ProcessedEventsAgeIndex1735200000201 implements MigrationInterface {
  name = 'ProcessedEventsAgeIndex1735200000201';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX processed_events_processed_at_idx ON bot.processed_events (processed_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX bot.processed_events_processed_at_idx');
  }
}
