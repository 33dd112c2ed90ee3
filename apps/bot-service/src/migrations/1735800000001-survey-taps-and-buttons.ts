import { MigrationInterface, QueryRunner } from 'typeorm';

/** Survey taps (callback queries) are stored like messages; a queued text may carry inline buttons. */
export class SurveyTapsAndButtons1735800000001 implements MigrationInterface {
  name = 'SurveyTapsAndButtons1735800000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bot".inbound_updates DROP CONSTRAINT inbound_updates_route_check`);
    await queryRunner.query(
      `ALTER TABLE "bot".inbound_updates ADD CONSTRAINT inbound_updates_route_check CHECK (route IN ('register', 'record', 'help', 'rate'))`,
    );
    await queryRunner.query(`ALTER TABLE "bot".outbound_messages ADD COLUMN reply_markup jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bot".outbound_messages DROP COLUMN reply_markup`);
    await queryRunner.query(`ALTER TABLE "bot".inbound_updates DROP CONSTRAINT inbound_updates_route_check`);
    await queryRunner.query(
      `ALTER TABLE "bot".inbound_updates ADD CONSTRAINT inbound_updates_route_check CHECK (route IN ('register', 'record', 'help'))`,
    );
  }
}
