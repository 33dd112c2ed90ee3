import { MigrationInterface, QueryRunner } from 'typeorm';
import { processedEventsTableSql } from '@app/database';
import { outboxTableSql } from '@app/messaging';

/**
 * Schema `bot` as it stands: updates from Telegram kept until ticket-service has them, messages to clients kept
 * until Telegram has them, the shared send log of the global rate limit, files being downloaded from Telegram,
 * and the outbox and event dedupe. (The migrations written before the first release were squashed into this one.)
 * `trace_context` on queued work: a stored update and its forwarding, or an event and its send, are one trace.
 */
export class BotSchema1734000000000 implements MigrationInterface {
  name = 'BotSchema1734000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const run = (sql: string) => queryRunner.query(sql);
    await run(outboxTableSql('bot'));
    for (const sql of processedEventsTableSql('bot')) await run(sql);

    // route: `edit` is a client's edit of an earlier message, `rate` a tap on a survey button.
    await run(`CREATE TABLE bot.inbound_updates (
      update_id bigint PRIMARY KEY,
      chat_id bigint NOT NULL,
      route text NOT NULL CONSTRAINT inbound_updates_route_check CHECK (route IN ('register', 'record', 'help', 'edit', 'rate')),
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      forwarded_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      trace_context jsonb
    )`);
    // The forwarders' work list: each chat's oldest unforwarded update first.
    await run(
      `CREATE INDEX inbound_updates_unforwarded ON bot.inbound_updates (chat_id, update_id) WHERE forwarded_at IS NULL`,
    );
    // Without it the claim walked the primary key through every update ever forwarded.
    await run(
      `CREATE INDEX inbound_updates_unforwarded_by_id ON bot.inbound_updates (update_id) WHERE forwarded_at IS NULL`,
    );
    // Retention deletes forwarded updates by age.
    await run(
      `CREATE INDEX inbound_updates_forwarded_at ON bot.inbound_updates (forwarded_at) WHERE forwarded_at IS NOT NULL`,
    );

    // Updates the bot could not serve (malformed, unstorable, or refused by ticket-service too many times),
    // kept for operators to read instead of blocking the updates behind them.
    await run(`CREATE TABLE bot.set_aside_updates (
      id bigserial PRIMARY KEY,
      update_id bigint,
      chat_id bigint,
      stage text NOT NULL,
      reason text NOT NULL,
      payload text NOT NULL,
      set_aside_at timestamptz NOT NULL DEFAULT now())`);
    await run('CREATE UNIQUE INDEX set_aside_updates_update_id ON bot.set_aside_updates (update_id, stage)');

    // Group chats the bot has told, once, to write in private instead.
    await run(`CREATE TABLE bot.group_chats (
      chat_id bigint PRIMARY KEY,
      told_at timestamptz NOT NULL DEFAULT now()
    )`);

    await run(`CREATE TABLE bot.chats (
      chat_id bigint PRIMARY KEY,
      next_send_at timestamptz NOT NULL DEFAULT now(),
      blocked_at timestamptz
    )`);
    // A chat's messages go out in the order their causes happened (the event's occurredAt, then the
    // producer's outbox sequence), not in the order their events happened to be consumed. An employee's file
    // waits here as a reference to ticket-service's file store; reply_markup carries a survey's buttons.
    await run(`CREATE TABLE bot.outbound_messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      chat_id bigint NOT NULL REFERENCES bot.chats (chat_id),
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
      source_sequence bigint NOT NULL DEFAULT 0,
      file_id uuid,
      file_name text,
      file_size bigint,
      file_chunks integer,
      file_method text CHECK (file_method IN ('photo', 'document')),
      trace_context jsonb,
      reply_markup jsonb,
      CHECK ((file_id IS NULL) = (file_method IS NULL))
    )`);
    // In the exact order a chat's messages go out (a partly sent one first): the sender finds each chat's
    // next message with one index descent instead of sorting the chat's backlog.
    await run(`CREATE INDEX outbound_messages_queue ON bot.outbound_messages
      (chat_id, (parts_sent = 0), occurred_at, source_sequence, id) WHERE status = 'pending'`);

    // The global rate limit: a send may start only a window after the send `limit` places before it
    // completed, which holds at Telegram's end whatever the network delay.
    await run(`CREATE TABLE bot.global_sends (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      completed_at timestamptz
    )`);

    // A client's files, downloaded from Telegram by a durable work list (claimed like the other work loops,
    // so a download cut by a restart is picked up again) into ticket-service's file store.
    await run(`CREATE TABLE bot.file_downloads (
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
    await run(`CREATE INDEX file_downloads_due ON bot.file_downloads (next_attempt_at) WHERE finished_at IS NULL`);
    // Finished downloads are deleted by age (FileDownloadRetention): found by when they finished, never by a scan.
    await run(`CREATE INDEX file_downloads_finished ON bot.file_downloads (finished_at) WHERE finished_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'file_downloads',
      'global_sends',
      'outbound_messages',
      'chats',
      'group_chats',
      'set_aside_updates',
      'inbound_updates',
      'processed_events',
      'outbox',
    ]) {
      await queryRunner.query(`DROP TABLE "bot".${table}`);
    }
  }
}
