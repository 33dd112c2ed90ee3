import type { Response } from 'express';
import { SerializedEvent, STREAM_CLOSED_EVENT, StreamCloseReason } from './stream-event';

/** Why a stream ended: the gateway closed it (saying why), or the console went away. */
export type StreamEndReason = StreamCloseReason | 'client_left';

/**
 * One employee's open SSE response. Events are written at once while the socket keeps up; when it does
 * not (the kernel buffer is full), they wait in a bounded queue in memory. A stream that falls further
 * behind than that is closed with the reason `too_slow` rather than holding the gateway's memory or
 * dropping events silently: its console reconnects and re-reads the list and the ticket it shows.
 */
export class EventStream {
  private nextId = 1;
  private readonly waiting: string[] = [];
  private blocked = false;
  private closedBy?: StreamEndReason;
  private readonly onClose: ((reason: StreamEndReason) => void)[] = [];

  constructor(
    private readonly response: Response,
    private readonly maxWaiting: number,
  ) {
    response.on('drain', () => this.flush());
    response.on('close', () => this.finish('client_left'));
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  private get closed(): boolean {
    return this.closedBy !== undefined;
  }

  /** Called once, when the stream ends, with why: the gateway's reason, or `client_left`. */
  whenClosed(listener: (reason: StreamEndReason) => void): void {
    if (this.closedBy) listener(this.closedBy);
    else this.onClose.push(listener);
  }

  send({ event, json }: SerializedEvent): void {
    if (this.closed) return;
    if (this.waiting.length >= this.maxWaiting) {
      this.close('too_slow');
      return;
    }
    this.write(`id: ${this.nextId++}\nevent: ${event}\ndata: ${json}\n\n`);
  }

  /** A comment line: proxies and load balancers see traffic on an idle stream and keep it open. */
  ping(): void {
    if (!this.closed && !this.blocked) this.response.write(': ping\n\n');
  }

  /** Tells the console why, then ends the response. The reason skips the queue: a slow stream is closing anyway. */
  close(reason: StreamCloseReason): void {
    if (this.closed) return;
    this.waiting.length = 0;
    this.response.end(`event: ${STREAM_CLOSED_EVENT}\ndata: ${JSON.stringify({ reason })}\n\n`);
    this.finish(reason);
  }

  private write(chunk: string): void {
    if (this.blocked) {
      this.waiting.push(chunk);
      return;
    }
    this.blocked = !this.response.write(chunk);
  }

  private flush(): void {
    this.blocked = false;
    while (!this.blocked && this.waiting.length > 0) this.blocked = !this.response.write(this.waiting.shift()!);
  }

  private finish(reason: StreamEndReason): void {
    if (this.closed) return;
    this.closedBy = reason;
    for (const listener of this.onClose.splice(0)) listener(reason);
  }
}
