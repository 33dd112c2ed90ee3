import { MigrationInterface, QueryRunner } from 'typeorm';
import { processedEventsTableSql } from '@app/database';
import { outboxTableSql } from '@app/messaging';

/**
 * Schema `bot` as it stands: updates from Telegram kept until ticket-service has them, messages to clients kept
 * until Telegram has them, the shared send log of the global rate limit, and the outbox and event dedupe.
 * (The six migrations before the first release were squashed into this one.)
 */
export class BotSchema1734000000000 implements MigrationInterface {
  name = 'BotSchema1734000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(outboxTableSql('bot'));
    await queryRunner.query(processedEventsTableSql('bot'));

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
    // The forwarders' work list: each chat's oldest unforwarded update first.
    await queryRunner.query(
      `CREATE INDEX inbound_updates_unforwarded ON "bot".inbound_updates (chat_id, update_id) WHERE forwarded_at IS NULL`,
    );
    // Without it the claim walked the primary key through every update ever forwarded.
    await queryRunner.query(
      `CREATE INDEX inbound_updates_unforwarded_by_id ON "bot".inbound_updates (update_id) WHERE forwarded_at IS NULL`,
    );
    // Retention deletes forwarded updates by age.
    await queryRunner.query(
      `CREATE INDEX inbound_updates_forwarded_at ON "bot".inbound_updates (forwarded_at) WHERE forwarded_at IS NOT NULL`,
    );

    await queryRunner.query(`CREATE TABLE "bot".chats (
      chat_id bigint PRIMARY KEY,
      next_send_at timestamptz NOT NULL DEFAULT now(),
      blocked_at timestamptz
    )`);
    // A chat's messages go out in the order their causes happened (the event's occurredAt, then the
    // producer's outbox sequence), not in the order their events happened to be consumed.
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
      finished_at timestamptz,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      source_sequence bigint NOT NULL DEFAULT 0
    )`);
    // In the exact order a chat's messages go out (a partly sent one first): the sender finds each chat's
    // next message with one index descent instead of sorting the chat's backlog.
    await queryRunner.query(`CREATE INDEX outbound_messages_queue ON "bot".outbound_messages
      (chat_id, (parts_sent = 0), occurred_at, source_sequence, id) WHERE status = 'pending'`);

    // The global rate limit: a send may start only a window after the send `limit` places before it
    // completed, which holds at Telegram's end whatever the network delay.
    await queryRunner.query(`CREATE TABLE "bot".global_sends (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      completed_at timestamptz
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['global_sends', 'outbound_messages', 'chats', 'inbound_updates', 'processed_events', 'outbox']) {
      await queryRunner.query(`DROP TABLE "bot".${table}`);
    }
  }
}
