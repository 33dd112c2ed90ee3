import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Updates from Telegram, kept until ticket-service has them; messages to clients, kept until Telegram has
 * them; per-chat and global send pacing shared by every replica.
 */
export class TelegramInboxAndDeliveries1733000000000 implements MigrationInterface {
  name = 'TelegramInboxAndDeliveries1733000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "bot".inbound_updates (
      update_id bigint PRIMARY KEY,
      chat_id bigint NOT NULL,
      route text NOT NULL CHECK (route IN ('register', 'record', 'help')),
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      forwarded_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text
    )`);
    // the forwarder's work list: a chat's oldest unforwarded update first
    await queryRunner.query(
      `CREATE INDEX inbound_updates_unforwarded ON "bot".inbound_updates (chat_id, update_id) WHERE forwarded_at IS NULL`,
    );
    await queryRunner.query(`CREATE TABLE "bot".chats (
      chat_id bigint PRIMARY KEY,
      next_send_at timestamptz NOT NULL DEFAULT now(),
      blocked_at timestamptz
    )`);
    await queryRunner.query(`CREATE TABLE "bot".outbound_messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      chat_id bigint NOT NULL REFERENCES "bot".chats (chat_id),
      text text NOT NULL,
      ticket_id integer,
      message_id integer,
      parts_sent integer NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`);
    await queryRunner.query(
      `CREATE INDEX outbound_messages_pending ON "bot".outbound_messages (chat_id, id) WHERE status = 'pending'`,
    );
    await queryRunner.query(`CREATE TABLE "bot".send_pacing (
      name text PRIMARY KEY,
      next_slot timestamptz NOT NULL DEFAULT now()
    )`);
    await queryRunner.query(`INSERT INTO "bot".send_pacing (name) VALUES ('global')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "bot".send_pacing');
    await queryRunner.query('DROP TABLE "bot".outbound_messages');
    await queryRunner.query('DROP TABLE "bot".chats');
    await queryRunner.query('DROP TABLE "bot".inbound_updates');
  }
}
