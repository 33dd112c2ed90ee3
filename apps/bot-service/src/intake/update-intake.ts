import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { Message, Update } from 'telegraf/types';
import { DataSource } from 'typeorm';
import { ServiceName, storableJson, withStorableText } from '@app/contracts';
import { isConnectionLoss, queryPrepared } from '@app/database';
import { SpanKind, TraceCarrier, currentTraceCarrier, inSpan, tracerOf } from '@app/telemetry';
import { GroupCommit } from '../common/group-commit';
import { backoff, pause } from '@app/runtime';
import { BotServiceConfig } from '../config';
import { OutboundQueue } from '../delivery/outbound-queue';
import { UpdateForwarder } from '../forwarding/update-forwarder';
import { SetAsideUpdates } from '../set-aside/set-aside-updates';
import { BotMetrics } from '../telemetry/bot-metrics';
import { textsFor } from '../texts/client-texts';
import { InboundRoute } from './inbound-route';
import { chatOf } from './update-chat';

/** In webhook mode, how long to keep trying to store before answering an error so that Telegram retries. */
const WEBHOOK_STORE_DEADLINE_MS = 5000;
const STORE_RETRY_BACKOFF = { baseMs: 200, capMs: 5000 };

/** Tries of an update Postgres refuses for itself (not for a lost connection) before it is set aside. */
export const MAX_STORE_ATTEMPTS = 3;

/** Most updates stored in one transaction. */
const MAX_GROUP = 500;

interface Arrived {
  update: Update;
  route: InboundRoute;
  /** the update's trace, which its forwarding continues */
  trace: TraceCarrier | null;
}

const tracer = tracerOf(ServiceName.BotService);

const messageOf = (update: Update) =>
  ((update as Update.MessageUpdate).message ?? (update as Update.EditedMessageUpdate).edited_message) as Message;

/** New updates in update_id order; `forwarded_at` is set at once for /help, which only the bot answers. */
const INSERT_UPDATES = `
  INSERT INTO bot.inbound_updates (update_id, chat_id, route, payload, forwarded_at, trace_context)
  SELECT u.update_id, u.chat_id, u.route, u.payload, CASE WHEN u.route = 'help' THEN now() END, u.trace_context
  FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::jsonb[], $5::jsonb[]) AS u (update_id, chat_id, route, payload, trace_context)
  ORDER BY u.update_id
  ON CONFLICT (update_id) DO NOTHING
  RETURNING update_id, chat_id`;

/**
 * INSERT_UPDATES, and for the updates it stored: the client wrote, so the chat exists, and whatever blocked the
 * bot before is over. Chats are inserted without locking existing rows (an upsert would lock them, and a
 * sender holds its chat's row while Telegram answers); a chat inserted here has no block to lift. One
 * statement, so updates that need nothing else (a client's messages) are stored in one round trip, without
 * BEGIN and COMMIT of their own.
 */
const STORE_UPDATES = `
  WITH stored AS (${INSERT_UPDATES}),
  written AS (SELECT DISTINCT chat_id FROM stored),
  added AS (
    INSERT INTO bot.chats (chat_id) SELECT chat_id FROM written ORDER BY chat_id ON CONFLICT (chat_id) DO NOTHING),
  unblocked AS (
    UPDATE bot.chats SET blocked_at = NULL WHERE chat_id IN (SELECT chat_id FROM written) AND blocked_at IS NOT NULL)
  SELECT update_id FROM stored`;

/**
 * Takes in a client's update: stores it in `bot.inbound_updates` (a redelivered update_id is ignored) and
 * queues the bot's immediate answer (/start greeting, /help) in the same transaction. Updates arriving
 * together (a polled batch, concurrent webhook requests) are stored together, in one transaction. The caller
 * acknowledges an update to Telegram only after `accept` resolves, i.e. after the commit that stored it.
 */
@Injectable()
export class UpdateIntake implements BeforeApplicationShutdown {
  private readonly logger = new Logger(UpdateIntake.name);
  private readonly stopping = new AbortController();
  private readonly group = new GroupCommit<Arrived, boolean>((updates) => this.store(updates), MAX_GROUP);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbound: OutboundQueue,
    private readonly forwarder: UpdateForwarder,
    private readonly metrics: BotMetrics,
    private readonly setAside: SetAsideUpdates,
    private readonly config: BotServiceConfig,
  ) {}

  beforeApplicationShutdown(): void {
    this.stopping.abort();
  }

  /**
   * Resolves once the update is stored. While Postgres is unreachable it keeps trying: in polling mode until
   * it succeeds, so Telegraf asks for no further updates meanwhile and the backlog waits at Telegram (and at
   * shutdown the promise is left pending, so Telegraf never confirms the update); in webhook mode for a few
   * seconds, then it rejects and the webhook answers an error, so Telegram delivers it again later.
   * The first try joins a group of updates stored together; a retry is stored alone, so that an update
   * Postgres refuses cannot hold back the others. One it refuses MAX_STORE_ATTEMPTS times for itself (not for
   * a lost connection) is set aside (bot.set_aside_updates) and acknowledged, so intake goes on.
   */
  accept(received: Update, route: InboundRoute): Promise<void> {
    // U+0000 and lone surrogates (Postgres refuses them) become U+FFFD, in the update and all made of it.
    const update = withStorableText(received);
    const attributes = { 'telegram.update_id': update.update_id, 'telegram.route': route };
    return inSpan(tracer, 'telegram update', { kind: SpanKind.CONSUMER, attributes }, () =>
      this.storeUntilKept({ update, route, trace: currentTraceCarrier() }),
    );
  }

  private async storeUntilKept(arrived: Arrived): Promise<void> {
    const update = arrived.update;
    const deadline = this.config.TELEGRAM_MODE === 'webhook' ? Date.now() + WEBHOOK_STORE_DEADLINE_MS : Infinity;
    let refusals = 0;
    for (let failures = 0; ; failures += 1) {
      try {
        await (failures === 0 ? this.group.add(arrived) : this.store([arrived]));
        return;
      } catch (error) {
        if (!isConnectionLoss(error)) refusals += 1;
        if (refusals >= MAX_STORE_ATTEMPTS && (await this.keptAside(update, error))) return;
        this.logger.warn(
          { err: error, updateId: update.update_id, failures: failures + 1 },
          'Could not store a Telegram update; retrying',
        );
        if (Date.now() >= deadline) throw error;
        if (this.stopping.signal.aborted) return new Promise<never>(() => undefined);
        await pause(backoff(failures + 1, STORE_RETRY_BACKOFF), this.stopping.signal);
      }
    }
  }

  private async keptAside(update: Update, error: unknown): Promise<boolean> {
    const reason = `not storable after ${MAX_STORE_ATTEMPTS} attempts: ${(error as Error).message}`;
    const chatId = messageOf(update)?.chat?.id ?? null;
    return this.setAside
      .keep({ updateId: update.update_id, chatId, stage: 'unstorable', reason, payload: update })
      .then(
        () => true,
        () => false,
      );
  }

  /**
   * Stores updates in one transaction (one statement when the bot answers none of them at once); a redelivered update_id is ignored (it was stored before, or comes
   * twice in this group). Returns, per update, whether it was stored now.
   */
  private async store(updates: Arrived[]): Promise<boolean[]> {
    const firstOfId = new Map<number, Arrived>();
    for (const arrived of updates)
      if (!firstOfId.has(arrived.update.update_id)) firstOfId.set(arrived.update.update_id, arrived);
    const unique = [...firstOfId.values()];
    const parameters = [
      unique.map(({ update }) => update.update_id),
      unique.map(({ update }) => chatOf(update)),
      unique.map(({ route }) => route),
      unique.map(({ update }) => storableJson(update)),
      unique.map(({ trace }) => (trace ? JSON.stringify(trace) : null)),
    ];
    const storedOf = (rows: { update_id: string }[]) => {
      const ids = new Set(rows.map((row) => Number(row.update_id)));
      return unique.filter(({ update }) => ids.has(update.update_id));
    };
    const answered = unique.some(({ route }) => route === 'register' || route === 'help');
    const inserted = !answered
      ? storedOf(await queryPrepared<{ update_id: string }>(this.dataSource, STORE_UPDATES, parameters))
      : await this.dataSource.transaction(async (manager) => {
          const stored = storedOf(await queryPrepared<{ update_id: string }>(manager, STORE_UPDATES, parameters));
          for (const { update, route } of stored) {
            if (route !== 'register' && route !== 'help') continue;
            const message = messageOf(update);
            const texts = textsFor(message.from?.language_code);
            if (route === 'register')
              await this.outbound.add(manager, {
                chatId: message.chat.id,
                text: texts.greeting(message.from?.first_name ?? null),
              });
            if (route === 'help') await this.outbound.add(manager, { chatId: message.chat.id, text: texts.help });
          }
          return stored;
        });
    this.metrics.updatesStoredNow(inserted.map(({ route }) => route));
    const toForward = inserted.filter(({ route }) => route !== 'help');
    if (toForward.length > 0) this.forwarder.notifyStored(toForward.map(({ update }) => chatOf(update)));
    if (inserted.some(({ route }) => route !== 'record')) this.outbound.wakeSender();
    const storedNow = new Set(inserted);
    return updates.map((arrived) => {
      if (storedNow.has(arrived)) return true;
      this.logger.log(
        { updateId: arrived.update.update_id, chatId: chatOf(arrived.update) },
        'Redelivered Telegram update ignored',
      );
      return false;
    });
  }
}
