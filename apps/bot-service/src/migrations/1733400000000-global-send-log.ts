import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The global rate limit is kept by a log of recent sends (when each started and completed) instead of a
 * next-slot row: a send may start only a window after the send `limit` places before it completed, which
 * holds at Telegram's end whatever the network delay.
 */
export class GlobalSendLog1733400000000 implements MigrationInterface {
  name = 'GlobalSendLog1733400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "bot".global_sends (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      completed_at timestamptz
    )`);
    await queryRunner.query('DROP TABLE "bot".send_pacing');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "bot".send_pacing (name text PRIMARY KEY, next_slot timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`INSERT INTO "bot".send_pacing (name) VALUES ('global')`);
    await queryRunner.query('DROP TABLE "bot".global_sends');
  }
}
