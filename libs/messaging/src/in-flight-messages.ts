import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Channel } from 'amqplib';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';

/**
 * Counts messages being handled in this process and remembers the consumers they came from, so that
 * shutdown can stop the deliveries, let the handlers finish and ack, and only then close the channels.
 */
@Injectable()
export class InFlightMessages {
  private count = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly consumers = new Map<Channel, Set<string>>();

  started(channel: Channel, consumerTag: string): void {
    this.count += 1;
    const tags = this.consumers.get(channel) ?? new Set<string>();
    tags.add(consumerTag);
    this.consumers.set(channel, tags);
  }

  finished(): void {
    this.count -= 1;
    if (this.count === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  get size(): number {
    return this.count;
  }

  /** Cancels every known consumer, then waits (at most `timeoutMs`) for the handlers under way. */
  async drain(timeoutMs: number): Promise<boolean> {
    for (const [channel, tags] of this.consumers) {
      for (const tag of tags) if (tag) await channel.cancel(tag).catch(() => undefined);
    }
    this.consumers.clear();
    if (this.count === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const drained = await Promise.race([idle, late]);
    clearTimeout(timer);
    return drained;
  }
}

/** On shutdown, before Nest closes the RabbitMQ servers: stop consuming and let in-flight handlers finish. */
@Injectable()
export class ConsumerShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ConsumerShutdown.name);

  constructor(
    private readonly inFlight: InFlightMessages,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const pending = this.inFlight.size;
    const drained = await this.inFlight.drain(this.options.shutdownGraceMs ?? 20_000);
    if (pending > 0) {
      this.logger.log(
        { pending, drained },
        drained ? 'In-flight messages finished' : 'Gave up waiting; they will be redelivered',
      );
    }
  }
}
