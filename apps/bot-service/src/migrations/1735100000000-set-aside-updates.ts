import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Updates the bot could not serve (malformed, unstorable, or refused by ticket-service too many times), kept
 * for operators to read instead of blocking the updates behind them.
 */
export class SetAsideUpdates1735100000000 implements MigrationInterface {
  name = 'SetAsideUpdates1735100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "bot".set_aside_updates (
      id bigserial PRIMARY KEY,
      update_id bigint,
      chat_id bigint,
      stage text NOT NULL,
      reason text NOT NULL,
      payload text NOT NULL,
      set_aside_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX set_aside_updates_update_id ON "bot".set_aside_updates (update_id, stage)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "bot".set_aside_updates');
  }
}
