import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tokens carry the version they were issued at; a password change or deactivation moves it on. */
export class TokenVersion1735200000001 implements MigrationInterface {
  name = 'TokenVersion1735200000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth".employees ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth".employees DROP COLUMN token_version`);
  }
}
