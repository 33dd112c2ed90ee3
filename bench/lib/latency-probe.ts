import { HttpClient } from './load';

interface TicketItem {
  client: { telegramId: number };
  lastMessagePreview: string | null;
}

/** a poll starts this long after the previous one started (at once if that one took longer) */
const POLL_INTERVAL_MS = 10;
/** enough for every ticket changed in 100 ms at 500 updates/s, so only a longer stall can hide one */
const PAGE_SIZE = 50;
/** after the load, the one page that holds every client's ticket */
const FULL_PAGE = 100;

const LATENCY_TEXT = /^lat (\d+) (\d+)$/;

/**
 * Watches `GET /tickets` (newest activity first, the first 50) every 10 ms and notes when each sent message
 * first shows as its ticket's last message. Polling back to back would keep one request always in flight,
 * about a core of this 2-core machine taken from what is being measured; every 10 ms adds at most 10 ms (5 on
 * average) to a latency. A client's messages are stored in order, so seeing message n shows that 1…n are all
 * stored. A ticket pushed off the page between two polls shows at its next change: the probe can only err on
 * the slow side.
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
  /** after the load: the whole list, so that the last messages of tickets no longer changing are found */
  private fullScans = false;
  private loop?: Promise<void>;

  constructor(
    private readonly http: HttpClient,
    private readonly token: string,
  ) {}

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
    this.fullScans = true;
    while (Date.now() < deadline && [...this.pending.values()].some((queue) => queue.length > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    this.running = false;
    await this.loop;
    return { latencies: this.latencies, pollMs: this.pollTime / Math.max(this.polls, 1) };
  }

  private async poll(): Promise<void> {
    while (this.running) {
      const begin = performance.now();
      const path = `/tickets?sort=updatedAt&order=desc&limit=${this.fullScans ? FULL_PAGE : PAGE_SIZE}`;
      const { body } = await this.http.request<{ items?: TicketItem[] }>('GET', path, { token: this.token });
      const now = performance.now();
      this.noteSeen(body.items ?? [], now);
      this.polls += 1;
      this.pollTime += now - begin;
      const rest = begin + POLL_INTERVAL_MS - performance.now();
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    }
  }

  private noteSeen(items: TicketItem[], now: number): void {
    for (const item of items) {
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
