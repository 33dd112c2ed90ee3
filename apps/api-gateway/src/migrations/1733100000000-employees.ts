import { MigrationInterface, QueryRunner } from 'typeorm';

export class Employees1733100000000 implements MigrationInterface {
  name = 'Employees1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "auth".employees (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role text NOT NULL CHECK (role IN ('admin', 'agent')),
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query('CREATE UNIQUE INDEX employees_email_lower_key ON "auth".employees (lower(email))');
    // Failed logins per key ("email:<address>" or "ip:<address>") in a fixed window; shared by all replicas.
    await queryRunner.query(`CREATE TABLE "auth".login_failures (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      window_ends_at timestamptz NOT NULL
    )`);
    await queryRunner.query('CREATE INDEX login_failures_window_ends_at_idx ON "auth".login_failures (window_ends_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "auth".login_failures');
    await queryRunner.query('DROP TABLE "auth".employees');
  }
}
