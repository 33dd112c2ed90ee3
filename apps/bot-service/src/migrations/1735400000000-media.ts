import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Media both ways: a client's edits arrive as updates of their own (route `edit`); a client's files are
 * downloaded from Telegram by a durable work list (claimed like the other work loops, so a download cut
 * by a restart is picked up again); an employee's file waits in the outbound queue as a reference to
 * ticket-service's file store.
 */
export class Media1735400000000 implements MigrationInterface {
  name = 'Media1735400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bot".inbound_updates DROP CONSTRAINT inbound_updates_route_check`);
    await queryRunner.query(`ALTER TABLE "bot".inbound_updates
      ADD CONSTRAINT inbound_updates_route_check CHECK (route IN ('register', 'record', 'help', 'edit'))`);

    await queryRunner.query(`CREATE TABLE "bot".file_downloads (
      chat_id bigint NOT NULL,
      telegram_message_id bigint NOT NULL,
      telegram_file_id text NOT NULL,
      announced_size bigint,
      language_code text,
      store_file_id uuid NOT NULL,
      stored_size bigint,
      stored_chunks integer,
      outcome text CHECK (outcome IN ('ready', 'too_large', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      PRIMARY KEY (chat_id, telegram_message_id)
    )`);
    await queryRunner.query(
      `CREATE INDEX file_downloads_due ON "bot".file_downloads (next_attempt_at) WHERE finished_at IS NULL`,
    );

    await queryRunner.query(`ALTER TABLE "bot".outbound_messages
      ADD COLUMN file_id uuid,
      ADD COLUMN file_name text,
      ADD COLUMN file_size bigint,
      ADD COLUMN file_chunks integer,
      ADD COLUMN file_method text CHECK (file_method IN ('photo', 'document')),
      ADD CHECK ((file_id IS NULL) = (file_method IS NULL))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bot".outbound_messages
      DROP COLUMN file_id, DROP COLUMN file_name, DROP COLUMN file_size, DROP COLUMN file_chunks, DROP COLUMN file_method`);
    await queryRunner.query('DROP TABLE "bot".file_downloads');
    await queryRunner.query(`ALTER TABLE "bot".inbound_updates DROP CONSTRAINT inbound_updates_route_check`);
    await queryRunner.query(`ALTER TABLE "bot".inbound_updates
      ADD CONSTRAINT inbound_updates_route_check CHECK (route IN ('register', 'record', 'help'))`);
  }
}
