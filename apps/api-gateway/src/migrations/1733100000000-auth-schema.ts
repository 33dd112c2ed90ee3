import { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableSql } from '@app/messaging';

/**
 * Schema `auth` as it stands: employees, the login throttle, idempotent POSTs and the outbox of
 * `employee.changed`. (The migrations written before the first release were squashed into this one.)
 */
export class AuthSchema1733100000000 implements MigrationInterface {
  name = 'AuthSchema1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    // token_version: tokens carry the version they were issued at; a password change or deactivation moves it on.
    // away: auto-assignment skips the employee.
    await run(`CREATE TABLE auth.employees (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role text NOT NULL CHECK (role IN ('admin', 'agent')),
      password_hash text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      token_version integer NOT NULL DEFAULT 0,
      away boolean NOT NULL DEFAULT false
    )`);
    await run('CREATE UNIQUE INDEX employees_email_lower_key ON auth.employees (lower(email))');

    // Failed logins per key (the (email, IP) pair or the IP): each failure delays the key's next attempt
    // (see LoginThrottle). Shared by all replicas.
    await run(`CREATE TABLE auth.login_failures (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      window_ends_at timestamptz NOT NULL,
      next_attempt_at timestamptz NOT NULL DEFAULT now()
    )`);
    await run('CREATE INDEX login_failures_window_ends_at_idx ON auth.login_failures (window_ends_at)');

    // The first result of each POST sent with an Idempotency-Key, per employee, for 24 hours.
    await run(`CREATE TABLE auth.idempotency_keys (
      employee_id integer NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (employee_id, key)
    )`);
    await run('CREATE INDEX idempotency_keys_created_at_idx ON auth.idempotency_keys (created_at)');

    await run(outboxTableSql('auth'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'idempotency_keys', 'login_failures', 'employees']) {
      await queryRunner.query(`DROP TABLE "auth".${table}`);
    }
  }
}
