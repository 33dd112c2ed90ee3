import { Agent, OutgoingHttpHeaders, request } from 'node:http';
import { QueuedUpdate as EmulatedUpdate, chatIdOf } from './types';
import { backoff } from '@app/runtime';

export interface Webhook {
  url: string;
  secretToken?: string;
  /** setWebhook's max_connections */
  maxConnections?: number;
}

const DEFAULT_WEBHOOK_CONNECTIONS = 40;

/**
 * Updates waiting for the bot, as Telegram keeps them: served by getUpdates until a later call's offset
 * passes them (then they are confirmed), or POSTed to the webhook until it answers 200.
 */
export class UpdateQueue {
  private pending: EmulatedUpdate[] = [];
  /** served again regardless of the bot's offset: a confirmation Telegram "lost" */
  private redeliveries: EmulatedUpdate[] = [];
  private readonly all = new Map<number, EmulatedUpdate>();
  private readonly waiters = new Set<() => void>();
  private readonly stopping = new AbortController();
  private delivering?: Promise<void>;
  readonly confirmed: number[] = [];
  /** update_id → when it was confirmed (epoch ms) */
  readonly confirmedAt = new Map<number, number>();
  /** handed to the bot at least once (by getUpdates or a webhook POST) */
  readonly served = new Set<number>();
  webhook?: Webhook;
  webhookPosts = 0;
  webhookRejected = 0;

  push(update: EmulatedUpdate): void {
    this.all.set(update.update_id, update);
    this.pending.push(update);
    this.notify();
  }

  redeliver(updateId: number): void {
    const update = this.all.get(updateId);
    if (!update) throw new Error(`No update ${updateId}`);
    this.redeliveries.push(update);
    this.notify();
  }

  pendingIds(): number[] {
    return [...this.redeliveries, ...this.pending].map((update) => update.update_id);
  }

  /** getUpdates: confirms everything below `offset`, then returns what is left (waiting up to `timeoutMs`). */
  async take(offset: number, limit: number, timeoutMs: number, abort: AbortSignal): Promise<EmulatedUpdate[]> {
    if (offset > 0) this.confirmBelow(offset);
    if (this.pending.length === 0 && this.redeliveries.length === 0 && timeoutMs > 0)
      await this.waitForPush(timeoutMs, abort);
    const again = this.redeliveries.splice(0, limit);
    const updates = [...again, ...this.pending.slice(0, limit - again.length)];
    for (const update of updates) this.served.add(update.update_id);
    return updates;
  }

  setWebhook(webhook: Webhook | undefined, dropPending = false): void {
    if (dropPending) this.pending = [];
    this.webhook = webhook;
    this.notify();
    if (webhook && !this.delivering)
      this.delivering = this.deliverToWebhook().finally(() => (this.delivering = undefined));
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.notify();
    // ends the posts under way too: they fail, and nothing waits for them any more
    this.agent.destroy();
    await this.delivering;
  }

  private confirmBelow(offset: number): void {
    while (this.pending.length > 0 && this.pending[0].update_id < offset) this.confirm(this.pending.shift()!);
  }

  private confirm(update: EmulatedUpdate): void {
    if (this.confirmedAt.has(update.update_id)) return;
    this.confirmed.push(update.update_id);
    this.confirmedAt.set(update.update_id, Date.now());
  }

  private notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private waitForPush(timeoutMs: number, abort?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        abort?.removeEventListener('abort', done);
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      abort?.addEventListener('abort', done);
      this.stopping.signal.addEventListener('abort', done);
    });
  }

  /**
   * Telegram posts updates over up to `max_connections` (default 40) connections at once, but one chat's
   * updates one after another: an update waits while an earlier one of its chat is unanswered.
   */
  private async deliverToWebhook(): Promise<void> {
    const inFlight = new Set<number>();
    const connections = new Set<Promise<void>>();
    while (this.webhook && !this.stopping.signal.aborted) {
      const next = connections.size < this.webhookConnections() ? this.nextForWebhook(inFlight) : { waitMs: 60_000 };
      if ('waitMs' in next) {
        // a connection finishing (it notifies), a new update or a retry coming due make the next one ready
        await this.waitForPush(next.waitMs);
        continue;
      }
      const chatId = chatIdOf(next.update);
      inFlight.add(chatId);
      const connection = this.postToWebhook(next.update, next.redelivery).finally(() => {
        inFlight.delete(chatId);
        connections.delete(connection);
        this.notify();
      });
      connections.add(connection);
    }
    await Promise.all(connections);
  }

  /**
   * Kept-alive connections, as Telegram keeps them; node:http rather than fetch, which costs several times
   * the CPU per request and would make the emulator, not the bot, the limit of a webhook benchmark.
   */
  private readonly agent = new Agent({ keepAlive: true });

  /** POSTs a body; resolves with the status, 0 when the request failed. */
  private post(url: string, body: string, secretToken: string | undefined): Promise<number> {
    return new Promise((resolve) => {
      const headers: OutgoingHttpHeaders = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      };
      if (secretToken) headers['x-telegram-bot-api-secret-token'] = secretToken;
      const req = request(url, { method: 'POST', headers, agent: this.agent }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve(0));
      });
      req.on('error', () => resolve(0));
      req.end(body);
    });
  }

  /** the webhook's max_connections, or Telegram's default when it set none */
  webhookConnections(): number {
    return this.webhook?.maxConnections ?? DEFAULT_WEBHOOK_CONNECTIONS;
  }

  /**
   * The oldest waiting update that may go now, redeliveries first: its chat has nothing in flight and no
   * earlier update waiting out a failure. Otherwise, how long until a failed one may be tried again.
   */
  private nextForWebhook(inFlight: Set<number>): { update: EmulatedUpdate; redelivery: boolean } | { waitMs: number } {
    const now = Date.now();
    const blocked = new Set(inFlight);
    let waitMs = 60_000;
    for (const [queue, redelivery] of [
      [this.redeliveries, true],
      [this.pending, false],
    ] as const) {
      for (const update of queue) {
        const chatId = chatIdOf(update);
        if (blocked.has(chatId)) continue;
        const retryAt = this.retryAt.get(update.update_id) ?? 0;
        if (retryAt <= now) return { update, redelivery };
        blocked.add(chatId);
        waitMs = Math.min(waitMs, retryAt - now);
      }
    }
    return { waitMs };
  }

  /** update_id → when a failed post may be tried again (epoch ms) */
  private readonly retryAt = new Map<number, number>();
  private readonly failures = new Map<number, number>();

  /** One POST; on 200 the update is confirmed, otherwise it is retried later with a growing pause. */
  private async postToWebhook(update: EmulatedUpdate, redelivery: boolean): Promise<void> {
    const { url, secretToken } = this.webhook!;
    this.webhookPosts += 1;
    this.served.add(update.update_id);
    const status = await this.post(url, JSON.stringify(update), secretToken);
    if (status === 200) {
      this.failures.delete(update.update_id);
      this.retryAt.delete(update.update_id);
      const queue = redelivery ? this.redeliveries : this.pending;
      const index = queue.indexOf(update);
      if (index >= 0) queue.splice(index, 1);
      if (!redelivery) this.confirm(update);
      return;
    }
    this.webhookRejected += 1;
    const failures = (this.failures.get(update.update_id) ?? 0) + 1;
    this.failures.set(update.update_id, failures);
    this.retryAt.set(update.update_id, Date.now() + backoff(failures, { baseMs: 100, capMs: 2000 }));
  }
}
