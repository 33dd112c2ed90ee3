import { HttpClient } from './load';

interface TicketItem {
  client: { telegramId: number };
  lastMessagePreview: string | null;
}

const LATENCY_TEXT = /^lat (\d+) (\d+)$/;

/**
 * Watches `GET /tickets` (newest activity first, one page holding every client's ticket) back to back, as
 * an employee's screen would, and notes when each sent message first shows as its ticket's last message.
 * A client's messages are stored in order, so seeing message n shows that 1…n are all stored.
 */
export class LatencyProbe {
  /** per client: send times of the messages not yet seen, in order */
  private readonly pending = new Map<number, { n: number; at: number }[]>();
  private readonly latencies: number[] = [];
  /** "client n" → when it was sent and first seen, epoch ms */
  readonly timeline = new Map<string, { sentAt: number; seenAt?: number }>();
  private polls = 0;
  private pollTime = 0;
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly http: HttpClient,
    private readonly token: string,
    private readonly clients: number,
  ) {
    if (clients > 100) throw new Error('LatencyProbe reads one page of at most 100 tickets');
  }

  sent(clientId: number, n: number, at: number): void {
    const queue = this.pending.get(clientId) ?? [];
    queue.push({ n, at });
    this.pending.set(clientId, queue);
    this.timeline.set(`${clientId} ${n}`, { sentAt: performance.timeOrigin + at });
  }

  start(): void {
    this.running = true;
    this.loop = this.poll();
  }

  /** Keeps polling until everything was seen or `graceMs` passes, then stops. */
  async stop(graceMs: number): Promise<{ latencies: number[]; pollMs: number }> {
    const deadline = Date.now() + graceMs;
    while (Date.now() < deadline && [...this.pending.values()].some((queue) => queue.length > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.running = false;
    await this.loop;
    return { latencies: this.latencies, pollMs: this.pollTime / Math.max(this.polls, 1) };
  }

  private async poll(): Promise<void> {
    const path = `/tickets?sort=updatedAt&order=desc&limit=${this.clients}`;
    while (this.running) {
      const begin = performance.now();
      const { body } = await this.http.request<{ items: TicketItem[] }>('GET', path, { token: this.token });
      const now = performance.now();
      this.polls += 1;
      this.pollTime += now - begin;
      for (const item of body.items ?? []) {
        const match = LATENCY_TEXT.exec(item.lastMessagePreview ?? '');
        if (!match) continue;
        const queue = this.pending.get(Number(match[1]));
        const n = Number(match[2]);
        while (queue && queue.length > 0 && queue[0].n <= n) {
          const seen = queue.shift()!;
          this.latencies.push(now - seen.at);
          this.timeline.get(`${match[1]} ${seen.n}`)!.seenAt = performance.timeOrigin + now;
        }
      }
    }
  }
}
