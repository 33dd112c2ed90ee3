import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Update } from 'telegraf/types';
import { DataSource, EntityManager } from 'typeorm';
import {
  CodedError,
  ErrorCode,
  INBOUND_BATCH_MAX,
  InboundBatchItem,
  InboundBatchItemResult,
  ServiceName,
  TicketRpc,
} from '@app/contracts';
import { queryPrepared, runPrepared } from '@app/database';
import { TICKET_SERVICE, TicketServiceClient } from '@app/messaging';
import { BackgroundWorker, backoff, WorkLoops } from '@app/runtime';
import { SpanKind, TraceCarrier, inSpan, tracedContextFrom, tracerOf } from '@app/telemetry';
import { BotServiceConfig } from '../config';
import { FileDownloads } from '../files/file-downloads';
import { InboundRoute } from '../intake/inbound-route';
import { SetAside, SetAsideUpdates } from '../set-aside/set-aside-updates';
import { inboundBatchItem } from './inbound-batch-item';
import { SurveyReplies, SurveyReply } from './survey-replies';

const RETRY_BACKOFF = { baseMs: 200, capMs: 5000 };
/** ticket-service refused the request itself: sending it again cannot help */
const REJECTIONS: readonly string[] = [ErrorCode.MalformedMessage, ErrorCode.ValidationFailed];
/**
 * ticket-service failed on the request (a bug, or data it cannot take): the batch is retried one by one, and
 * an update that keeps failing is set aside after this many attempts rather than blocking its chat for good.
 */
export const MAX_FORWARD_ATTEMPTS = 5;
/** Most updates in one RecordInboundBatch call. */
const BATCH_SIZE = Math.min(100, INBOUND_BATCH_MAX);
/** Chats claimed at once: a quarter of a batch, so that a few workers share a small set of busy chats. */
const CHATS_PER_BATCH = BATCH_SIZE / 4;

interface Claimed {
  update_id: string;
  chat_id: string;
  route: Exclude<InboundRoute, 'help'>;
  payload: Update;
  attempts: number;
  trace_context: TraceCarrier | null;
}

const tracer = tracerOf(ServiceName.BotService);

/**
 * The oldest unforwarded update (the head) of up to $1 chats, oldest heads first, locked, and then as many of
 * those chats' next updates as a batch of $2 holds (an equal share per chat), in one statement.
 * - Heads: only a chat's head is a candidate, so while one worker (of any replica) holds it, that chat's later
 *   updates wait: the client's order is kept. The heads are found by walking the chats that have waiting
 *   updates (one index descent per chat), not the waiting updates themselves, so long backlogs behind locked
 *   heads cost nothing to pass over (EXPLAIN, 10,000 waiting over 100 chats, heads locked: 0.7 ms; walking the
 *   updates took 13.5 ms).
 * - Followers: holding a chat's head, the worker alone may forward that chat's updates, so their locks are free.
 * - Marked forwarded by the claim itself, as nearly every claimed update will be once ticket-service answers:
 *   that saves a round trip per batch. The mark is in the transaction holding the locks, so no one else sees
 *   it before the commit; an update that ends up waiting is unmarked by BACK_OFF in the same transaction.
 */
const CLAIM = `
  WITH RECURSIVE heads AS (
    (SELECT chat_id, update_id FROM bot.inbound_updates
     WHERE forwarded_at IS NULL ORDER BY chat_id, update_id LIMIT 1)
    UNION ALL
    SELECT next.chat_id, next.update_id FROM heads h
    CROSS JOIN LATERAL (
      SELECT u.chat_id, u.update_id FROM bot.inbound_updates u
      WHERE u.forwarded_at IS NULL AND u.chat_id > h.chat_id ORDER BY u.chat_id, u.update_id LIMIT 1) next
  ),
  claimed AS MATERIALIZED (
    SELECT u.update_id, u.chat_id, u.route, u.payload, u.attempts, u.trace_context
    FROM bot.inbound_updates u
    WHERE u.update_id = ANY (ARRAY(SELECT update_id FROM heads)) AND u.forwarded_at IS NULL AND u.next_attempt_at <= now()
    ORDER BY u.update_id
    LIMIT $1
    FOR UPDATE SKIP LOCKED
  ),
  batch AS (
    SELECT c.update_id, c.chat_id, c.route, c.payload, c.attempts, c.trace_context, true AS head FROM claimed c
    UNION ALL
    SELECT f.update_id, f.chat_id, f.route, f.payload, f.attempts, f.trace_context, false FROM claimed h
    CROSS JOIN LATERAL (
      SELECT u.update_id, u.chat_id, u.route, u.payload, u.attempts, u.trace_context FROM bot.inbound_updates u
      WHERE u.chat_id = h.chat_id AND u.forwarded_at IS NULL AND u.update_id > h.update_id
      ORDER BY u.update_id
      LIMIT (SELECT greatest(($2 - count(*)) / nullif(count(*), 0), 0) FROM claimed)
      FOR UPDATE) f
  ),
  marked AS (
    UPDATE bot.inbound_updates u SET forwarded_at = now() FROM batch b WHERE u.update_id = b.update_id
  )
  SELECT * FROM batch`;

/** What ticket-service refused for good: forwarded (marked by the claim), with why in `last_error`. */
const NOTE_REFUSALS = `
  UPDATE bot.inbound_updates u SET last_error = d.note
  FROM unnest($1::bigint[], $2::text[]) AS d (update_id, note) WHERE u.update_id = d.update_id`;

/**
 * Not forwarded after all: unmarked, and each waits by its own count of attempts (`$3`: the pause in ms, per
 * update).
 */
const BACK_OFF = `
  UPDATE bot.inbound_updates u
  SET forwarded_at = NULL, attempts = u.attempts + 1, last_error = $2,
      next_attempt_at = now() + make_interval(secs => d.pause_ms / 1000)
  FROM unnest($1::bigint[], $3::float8[]) AS d (update_id, pause_ms) WHERE u.update_id = d.update_id`;

const backoffMs = (attempts: number) => backoff(attempts + 1, RETRY_BACKOFF);

/** What became of the claimed updates: forwarded, set aside (with why), or left to wait for a retry. */
class Outcome {
  readonly done: { id: string; note: string | null }[] = [];
  readonly setAside: SetAside[] = [];
  readonly waiting: Claimed[] = [];
  waitReason: string | null = null;
  /** survey taps and rating comments, for SurveyReplies */
  readonly surveyReplies: SurveyReply[] = [];

  forwarded(update: Claimed, result?: InboundBatchItemResult): void {
    this.done.push({ id: update.update_id, note: null });
    if (result && (result.route === 'rate' || (result.route === 'record' && result.csatComment))) {
      this.surveyReplies.push({ update: update.payload, result });
    }
  }

  putAside(update: Claimed, reason: string): void {
    this.done.push({ id: update.update_id, note: `rejected: ${reason}` });
    this.setAside.push({
      updateId: Number(update.update_id),
      chatId: Number(update.chat_id),
      stage: 'forward',
      reason,
      payload: update.payload,
    });
  }

  /** The client messages of `claimed` that ticket-service recorded: their files may now be downloaded. */
  recorded(claimed: Claimed[]): Update[] {
    const forwarded = new Set(this.done.filter((done) => done.note === null).map((done) => done.id));
    return claimed
      .filter((update) => update.route === 'record' && forwarded.has(update.update_id))
      .map((update) => update.payload);
  }
}

/**
 * Hands stored updates to ticket-service, several chats' updates in one RecordInboundBatch call (a chat's in
 * update_id order), marking them forwarded in the transaction that holds their locks. An update that breaks
 * the contract is set aside, not sent. While ticket-service or RabbitMQ is down the updates wait in the
 * table and are retried with backoff; the client is never told about it. A recorded message's file is queued
 * for download (FileDownloads) in the same transaction: downloads start only once the message is recorded.
 */
@Injectable()
export class UpdateForwarder extends BackgroundWorker {
  private readonly logger = new Logger(UpdateForwarder.name);
  protected readonly workers: WorkLoops;
  /**
   * The chats whose heads this replica's steps hold, from their claim until their commit, each with whether
   * updates of it were stored meanwhile (and no loop was woken for them).
   */
  private readonly held = new Map<string, boolean>();
  /**
   * For each claim under way, the chats of updates stored meanwhile: such an update's wake may have found its chat
   * locked by that claim before the chat was in `held`.
   */
  private readonly claiming = new Set<Set<string>>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TICKET_SERVICE) private readonly ticketService: TicketServiceClient,
    private readonly setAsideUpdates: SetAsideUpdates,
    private readonly config: BotServiceConfig,
    private readonly downloads: FileDownloads,
    private readonly surveys: SurveyReplies,
  ) {
    super();
    this.workers = new WorkLoops(
      'update-forwarder',
      config.BOT_FORWARD_CONCURRENCY,
      () => this.forwardNext(),
      this.logger,
    );
  }

  /**
   * Updates of these chats were stored here. A chat a step of this replica holds is left to that step, which
   * looks again once its batch is committed (`forwardNext`): a claim now would skip its locked head and find
   * nothing. A loop is woken only for the others.
   */
  notifyStored(chatIds: readonly number[]): void {
    let allHeld = true;
    for (const chat of chatIds.map(String)) {
      for (const seen of this.claiming) seen.add(chat);
      if (this.held.has(chat)) this.held.set(chat, true);
      else allHeld = false;
    }
    if (!allHeld) super.wake();
  }

  /**
   * Forwards batches; returns how long to rest before looking again: at once (bringing another loop in) only
   * after a full claim, when there may be more. Updates stored for the chats a batch held woke no one, so this
   * loop forwards again itself. Otherwise another claim would find nothing, and at an ordinary rate, a
   * message or two per batch, it would be one more empty transaction per message. (Every stored update used
   * to wake a loop and every loop that had seen one look again: under a stream of webhook requests half the
   * claims came back empty.)
   */
  private async forwardNext(): Promise<number> {
    for (;;) {
      const { restMs, storedMeanwhile } = await this.forwardBatch();
      if (restMs !== Infinity) return restMs;
      if (!storedMeanwhile) return this.config.BOT_FORWARD_IDLE_POLL_MS;
    }
  }

  /**
   * One claim and its batch: how long to rest (Infinity: nothing more is known to wait), and whether updates
   * of the chats it held were stored before its commit.
   */
  private async forwardBatch(): Promise<{ restMs: number; storedMeanwhile: boolean }> {
    let storedMeanwhile = false;
    let filesQueued = false;
    const surveyReplies: SurveyReply[] = [];
    let linesQueued = false;
    const chats = new Set<string>();
    const restMs = await this.dataSource
      .transaction(async (manager) => {
        const storedWhileClaiming = new Set<string>();
        this.claiming.add(storedWhileClaiming);
        const { claimed, full } = await this.claim(manager).finally(() => this.claiming.delete(storedWhileClaiming));
        if (claimed.length === 0) return Infinity;
        for (const { chat_id } of claimed) chats.add(chat_id);
        for (const chat of chats) this.held.set(chat, storedWhileClaiming.has(chat));
        const outcome = new Outcome();
        const items: { update: Claimed; item: InboundBatchItem }[] = [];
        for (const update of claimed) {
          const built = inboundBatchItem(update.route, update.payload);
          if ('item' in built) items.push({ update, item: built.item });
          else this.setAside(outcome, update, built.problem);
        }
        if (items.length > 0) await this.forwardTraced(items, outcome);

        const refused = outcome.done.filter((done) => done.note !== null);
        if (refused.length > 0) {
          await runPrepared(manager, NOTE_REFUSALS, [refused.map((done) => done.id), refused.map((done) => done.note)]);
        }
        if (outcome.done.length > 0) filesQueued = await this.downloads.queue(manager, outcome.recorded(claimed));
        for (const update of outcome.setAside) await this.setAsideUpdates.keep(update, manager);
        linesQueued = await this.surveys.queue(manager, outcome.surveyReplies);
        surveyReplies.push(...outcome.surveyReplies);
        const { waiting, waitReason } = outcome;
        if (waiting.length === 0) return full ? 0 : Infinity;
        await runPrepared(manager, BACK_OFF, [
          waiting.map((update) => update.update_id),
          waitReason,
          waiting.map((update) => backoffMs(update.attempts)),
        ]);
        return backoffMs(Math.min(...waiting.map((update) => update.attempts)));
      })
      .finally(() => {
        for (const chat of chats) {
          storedMeanwhile ||= this.held.get(chat)!;
          this.held.delete(chat);
        }
      });
    if (filesQueued) this.downloads.wake();
    if (linesQueued) this.surveys.wakeSender();
    // after the commit: a tap is answered only once its rating is recorded
    await this.surveys.answerTaps(surveyReplies);
    return { restMs, storedMeanwhile };
  }

  /**
   * The heads of up to CHATS_PER_BATCH chats, then as many of those chats' next updates as the batch holds;
   * `full` when either limit was reached, so that more may be waiting. When those chats leave room (a webhook
   * brings a chat's updates one at a time, so under a stream of requests most waiting chats have one), more
   * chats are claimed into the same batch: left to other loops, they made batches of 25 or fewer, each paying
   * an RPC, a ticket-service transaction and the commits. Chats this transaction claimed are marked forwarded,
   * so a further claim passes over them (a new update of one, stored meanwhile, is then its head, and follows
   * in the batch in update_id order).
   */
  private async claim(manager: EntityManager): Promise<{ claimed: Claimed[]; full: boolean }> {
    const claimed: Claimed[] = [];
    const result = (full: boolean) => ({
      claimed: claimed.sort((a, b) => Number(a.update_id) - Number(b.update_id)),
      full,
    });
    for (;;) {
      const room = BATCH_SIZE - claimed.length;
      const chats = Math.min(CHATS_PER_BATCH, room);
      const rows = await queryPrepared<Claimed & { head: boolean }>(manager, CLAIM, [chats, room]);
      const heads = rows.filter((row) => row.head).length;
      if (heads === 0) return result(false);
      claimed.push(...rows.map(({ head: _head, ...update }) => update));
      // the statement's share of the batch per chat
      const perChat = Math.floor((room - heads) / heads);
      const perChatCounts = new Map<string, number>();
      for (const row of rows) if (!row.head) perChatCounts.set(row.chat_id, (perChatCounts.get(row.chat_id) ?? 0) + 1);
      const chatsMayWait = perChat === 0 || [...perChatCounts.values()].some((count) => count >= perChat);
      if (chatsMayWait || claimed.length >= BATCH_SIZE) return result(true);
      if (heads < chats) return result(false);
    }
  }

  /**
   * One span for the batch, in the trace of its first update when that one is sampled, linked to the other
   * sampled ones. The first update decides for the batch: what the batch causes (the RPC, ticket-service's
   * handling, an event per message and its consumers) is then traced for one batch in ten at 10 %, as for
   * one update in ten. Following the first *sampled* update instead would trace nearly every batch of a
   * burst (100 updates hold a sampled one 99.997 % of the time) and with it every event.
   */
  private forwardTraced(items: { update: Claimed; item: InboundBatchItem }[], outcome: Outcome): Promise<void> {
    const [first, ...others] = items.map(({ update }) => tracedContextFrom(update.trace_context));
    const attributes = { 'telegram.updates': items.length };
    return inSpan(
      tracer,
      'forward updates',
      { kind: SpanKind.INTERNAL, parent: first, links: others.filter((linked) => linked !== null), attributes },
      () => this.forward(items, outcome),
    );
  }

  private async forward(items: { update: Claimed; item: InboundBatchItem }[], outcome: Outcome): Promise<void> {
    try {
      const { results } = await this.ticketService.call(TicketRpc.RecordInboundBatch, {
        items: items.map(({ item }) => item),
      });
      for (const [i, { update }] of items.entries()) outcome.forwarded(update, results[i]);
    } catch (error) {
      const code = (error as CodedError).code;
      if (REJECTIONS.includes(code) || code === ErrorCode.Internal) {
        this.logger.warn(
          { err: error, updates: items.length },
          'ticket-service refused a batch; forwarding its updates one by one',
        );
        await this.forwardOneByOne(items, outcome);
        return;
      }
      this.wait(
        items.map(({ update }) => update),
        outcome,
        error as CodedError,
      );
    }
  }

  /** The old way, so that one update ticket-service refuses cannot hold back the others. */
  private async forwardOneByOne(items: { update: Claimed; item: InboundBatchItem }[], outcome: Outcome): Promise<void> {
    for (const [i, { update, item }] of items.entries()) {
      try {
        if (item.route === 'register') {
          await this.ticketService.call(TicketRpc.RegisterClient, item.profile);
          outcome.forwarded(update);
        } else if (item.route === 'edit') {
          await this.ticketService.call(TicketRpc.RecordInboundBatch, { items: [item] });
          outcome.forwarded(update);
        } else if (item.route === 'rate') {
          outcome.forwarded(update, {
            route: 'rate',
            ...(await this.ticketService.call(TicketRpc.RateTicket, item.rating)),
          });
        } else {
          outcome.forwarded(update, {
            route: 'record',
            ...(await this.ticketService.call(TicketRpc.RecordInbound, item.message)),
          });
        }
      } catch (error) {
        const code = (error as CodedError).code;
        const failedTooOften = code === ErrorCode.Internal && update.attempts + 1 >= MAX_FORWARD_ATTEMPTS;
        if (REJECTIONS.includes(code) || failedTooOften) {
          this.setAside(
            outcome,
            update,
            failedTooOften
              ? `failed ${MAX_FORWARD_ATTEMPTS} times: ${(error as Error).message}`
              : (error as Error).message,
          );
          continue;
        }
        // A chat's later updates must not overtake this one: everything left waits.
        this.wait(
          items.slice(i).map((left) => left.update),
          outcome,
          error as CodedError,
        );
        return;
      }
    }
  }

  private setAside(outcome: Outcome, update: Claimed, reason: string): void {
    this.logger.error(
      { updateId: Number(update.update_id), chatId: Number(update.chat_id), route: update.route, reason },
      'ticket-service cannot take this update; set aside',
    );
    outcome.putAside(update, reason);
  }

  private wait(updates: Claimed[], outcome: Outcome, error: CodedError): void {
    this.logger.warn({ updates: updates.length, code: error.code }, 'ticket-service unavailable; the updates wait');
    outcome.waiting.push(...updates);
    outcome.waitReason = `${error.code}: ${error.message}`;
  }
}
