import { Logger } from '@nestjs/common';
import { backoff } from './backoff';

const ERROR_BACKOFF = { baseMs: 200, capMs: 10_000 };

/**
 * Runs `step` over and over in the background. A step returns how long to rest before the next one
 * (0: go on at once); `wake()` cuts a rest short, so new work starts without waiting for the poll.
 * A step that throws is retried with a growing pause.
 */
export class WorkLoop {
  private running = false;
  private woken = false;
  private interruptRest?: () => void;
  private done?: Promise<void>;
  /** set by `restAtMost`: when the current or next rest must end at the latest (epoch ms) */
  private latestWake = Infinity;
  private restTimer?: NodeJS.Timeout;

  constructor(
    private readonly name: string,
    private readonly step: () => Promise<number>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  wake(): void {
    this.woken = true;
    this.interruptRest?.();
  }

  /** Ends the current rest (or the next one) after `ms` at the latest. */
  restAtMost(ms: number): void {
    const at = Date.now() + ms;
    if (at >= this.latestWake) return;
    this.latestWake = at;
    if (this.restTimer) {
      clearTimeout(this.restTimer);
      this.restTimer = setTimeout(() => this.interruptRest?.(), ms);
    }
  }

  /** Waiting for its rest to end (or for a wake), not inside a step. */
  get resting(): boolean {
    return this.interruptRest !== undefined;
  }

  /** Lets the step under way finish, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.interruptRest?.();
    await this.done;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.woken = false;
      let restMs: number;
      try {
        restMs = await this.step();
        failures = 0;
      } catch (error) {
        failures += 1;
        restMs = backoff(failures, ERROR_BACKOFF);
        this.logger.warn({ err: error, loop: this.name, failures }, 'Background step failed; retrying');
      }
      if (restMs > 0) await this.rest(restMs);
    }
  }

  /** `ms` may be Infinity: until woken (or until `restAtMost`). */
  private rest(ms: number): Promise<void> {
    const until = Math.min(Date.now() + ms, this.latestWake);
    this.latestWake = Infinity;
    if (this.woken || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(this.restTimer);
        this.restTimer = undefined;
        this.interruptRest = undefined;
        this.latestWake = Infinity;
        resolve();
      };
      if (until !== Infinity) this.restTimer = setTimeout(finish, Math.max(0, until - Date.now()));
      this.interruptRest = finish;
    });
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish);
  });
}

/**
 * Several WorkLoops running the same step side by side; each step claims its own row of work. New work wakes
 * one loop, and a loop whose step found work wakes one more: under a backlog they all join in within a few
 * steps, while a trickle of work keeps one or two busy instead of sending every loop after each new row.
 *
 * Only the first loop ever rests on a timer. The timers are there for work nobody announced (another
 * replica's, a retry or a pace coming due), and one loop looking is enough: what it finds, it spreads as
 * above. The others rest until woken, and hand the rest their step asked for to the first loop, which then
 * looks again by the earliest of them. Eight loops polling each second cost eight transactions a second
 * with nothing to do.
 */
export class WorkLoops {
  private readonly loops: WorkLoop[];
  private nextBusy = 0;

  constructor(name: string, count: number, step: () => Promise<number>, logger: Logger) {
    const stepThenSpread = (index: number) => async () => {
      const restMs = await step();
      if (restMs === 0) this.wake();
      if (index === 0 || restMs === 0) return restMs;
      this.loops[0].restAtMost(restMs);
      return Infinity;
    };
    this.loops = Array.from({ length: count }, (_, i) => new WorkLoop(`${name}-${i}`, stepThenSpread(i), logger));
  }

  start(): void {
    for (const loop of this.loops) loop.start();
  }

  /** Wakes a resting loop; when none rests, has a busy one look again instead of resting after its step. */
  wake(): void {
    const resting = this.loops.find((loop) => loop.resting);
    if (resting) return resting.wake();
    this.loops[this.nextBusy++ % this.loops.length].wake();
  }

  async stop(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }
}
