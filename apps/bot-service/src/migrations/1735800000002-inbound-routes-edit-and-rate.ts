import { MigrationInterface, QueryRunner } from 'typeorm';

/** Media added the `edit` route and the survey the `rate` route, each replacing the check: both are allowed. */
export class InboundRoutesEditAndRate1735800000002 implements MigrationInterface {
  name = 'InboundRoutesEditAndRate1735800000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bot".inbound_updates DROP CONSTRAINT inbound_updates_route_check`);
    await queryRunner.query(
      `ALTER TABLE "bot".inbound_updates ADD CONSTRAINT inbound_updates_route_check CHECK (route IN ('register', 'record', 'help', 'edit', 'rate'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bot".inbound_updates DROP CONSTRAINT inbound_updates_route_check`);
    await queryRunner.query(
      `ALTER TABLE "bot".inbound_updates ADD CONSTRAINT inbound_updates_route_check CHECK (route IN ('register', 'record', 'help', 'rate'))`,
    );
  }
}
