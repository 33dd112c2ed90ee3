import { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { WorkLoops } from './work-loop';

/**
 * A provider whose work runs in WorkLoops: they start once the app is up, and stop before it shuts down,
 * letting the steps under way finish (so no claimed row is left half done while its connection closes).
 */
export abstract class BackgroundWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly workers: WorkLoops;

  onApplicationBootstrap(): void {
    this.workers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.workers.stop();
  }

  /** New work is waiting: one loop looks at once instead of at its next poll. */
  wake(): void {
    this.workers.wake();
  }
}
