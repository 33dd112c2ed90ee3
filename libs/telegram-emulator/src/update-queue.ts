import { EmulatedUpdate } from './types';

export interface Webhook {
  url: string;
  secretToken?: string;
}

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
    if (this.pending.length === 0 && this.redeliveries.length === 0 && timeoutMs > 0) await this.waitForPush(timeoutMs, abort);
    const again = this.redeliveries.splice(0, limit);
    const updates = [...again, ...this.pending.slice(0, limit - again.length)];
    for (const update of updates) this.served.add(update.update_id);
    return updates;
  }

  setWebhook(webhook: Webhook | undefined, dropPending = false): void {
    if (dropPending) this.pending = [];
    this.webhook = webhook;
    this.notify();
    if (webhook && !this.delivering) this.delivering = this.deliverToWebhook().finally(() => (this.delivering = undefined));
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.notify();
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

  private webhookRequest?: AbortController;

  private webhookRequestSignal(): AbortSignal {
    if (!this.webhookRequest) {
      this.stopping.signal.addEventListener('abort', () => this.webhookRequest?.abort(), { once: true });
    }
    this.webhookRequest = new AbortController();
    return this.webhookRequest.signal;
  }

  /** One update at a time, in order; retried with backoff until the bot answers 200. */
  private async deliverToWebhook(): Promise<void> {
    let failures = 0;
    while (this.webhook && !this.stopping.signal.aborted) {
      const redelivery = this.redeliveries[0];
      const update = redelivery ?? this.pending[0];
      if (!update) {
        await this.waitForPush(60_000);
        continue;
      }
      const { url, secretToken } = this.webhook;
      this.webhookPosts += 1;
      this.served.add(update.update_id);
      const status = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secretToken ? { 'x-telegram-bot-api-secret-token': secretToken } : {}) },
        body: JSON.stringify(update),
        // a signal per request: fetch adds a listener to the signal it is given and never removes it
        signal: this.webhookRequestSignal(),
      }).then(
        async (response) => (await response.arrayBuffer(), response.status),
        () => 0,
      );
      if (status === 200) {
        failures = 0;
        if (redelivery) this.redeliveries.shift();
        else {
          if (this.pending[0] === update) this.pending.shift();
          this.confirm(update);
        }
        continue;
      }
      this.webhookRejected += 1;
      failures += 1;
      await this.waitForPush(Math.min(50 * 2 ** failures, 2000));
    }
  }
}
