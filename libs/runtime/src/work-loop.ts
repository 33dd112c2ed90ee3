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

  private rest(ms: number): Promise<void> {
    if (this.woken || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.interruptRest = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
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
 */
export class WorkLoops {
  private readonly loops: WorkLoop[];
  private nextBusy = 0;

  constructor(name: string, count: number, step: () => Promise<number>, logger: Logger) {
    const stepThenSpread = async () => {
      const restMs = await step();
      if (restMs === 0) this.wake();
      return restMs;
    };
    this.loops = Array.from({ length: count }, (_, i) => new WorkLoop(`${name}-${i}`, stepThenSpread, logger));
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
