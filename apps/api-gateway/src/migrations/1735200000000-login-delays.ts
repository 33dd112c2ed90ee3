import { MigrationInterface, QueryRunner } from 'typeorm';

/** Failed logins now delay the next attempt of their key (see LoginThrottle) instead of locking it out. */
export class LoginDelays1735200000000 implements MigrationInterface {
  name = 'LoginDelays1735200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Old keys ("email:…") are no longer counted; they expire with their window.
    await queryRunner.query(`ALTER TABLE "auth".login_failures ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth".login_failures DROP COLUMN next_attempt_at`);
  }
}
