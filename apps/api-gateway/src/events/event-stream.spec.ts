import { Writable } from 'node:stream';
import type { Response } from 'express';
import { eventually } from '@app/testing';
import { EventStream } from './event-stream';

/** A socket as slow as a test wants: it takes `capacity` bytes, then holds writes until `drain()`. */
class SlowSocket extends Writable {
  readonly written: string[] = [];
  private held: (() => void)[] = [];

  constructor(capacity: number) {
    super({ highWaterMark: capacity, decodeStrings: false });
  }

  private flowing = false;

  override _write(chunk: string, _encoding: string, done: () => void): void {
    this.written.push(String(chunk));
    if (this.flowing) done();
    else this.held.push(done);
  }

  /** Takes everything written so far and from now on. */
  drain(): void {
    this.flowing = true;
    for (const done of this.held.splice(0)) done();
  }

  get text(): string {
    return this.written.join('');
  }
}

const event = (n: number) => ({ event: 'ticket.updated', json: JSON.stringify({ id: n }) });

describe('EventStream', () => {
  it('writes events with increasing ids, as SSE', () => {
    const socket = new SlowSocket(1 << 20);
    const stream = new EventStream(socket as unknown as Response, 10);
    stream.send(event(1));
    stream.send(event(2));
    socket.drain();
    expect(socket.text).toBe(
      'id: 1\nevent: ticket.updated\ndata: {"id":1}\n\nid: 2\nevent: ticket.updated\ndata: {"id":2}\n\n',
    );
  });

  it('holds events while the socket is full and writes them, in order, when it drains', async () => {
    const socket = new SlowSocket(1);
    const stream = new EventStream(socket as unknown as Response, 10);
    for (let n = 1; n <= 5; n += 1) stream.send(event(n));
    expect(socket.written).toHaveLength(1);
    socket.drain();
    await eventually(() => socket.written.length === 5, { timeoutMs: 2000, message: 'all five written' });
    expect(socket.text.match(/^id: \d+/gm)).toEqual(['id: 1', 'id: 2', 'id: 3', 'id: 4', 'id: 5']);
    expect(stream.isOpen).toBe(true);
  });

  it('closes a stream that falls too far behind, saying why, instead of dropping events or holding memory', () => {
    const socket = new SlowSocket(1);
    const stream = new EventStream(socket as unknown as Response, 3);
    const closed = jest.fn();
    stream.whenClosed(closed);
    for (let n = 1; n <= 5; n += 1) stream.send(event(n));
    expect(stream.isOpen).toBe(false);
    expect(closed.mock.calls).toEqual([['too_slow']]);
    socket.drain();
    expect(socket.text).toContain('event: stream.closed\ndata: {"reason":"too_slow"}\n\n');
    expect(socket.text).not.toContain('id: 5');
  });

  it('tells its listener once when the client goes away', () => {
    const socket = new SlowSocket(1 << 20);
    const stream = new EventStream(socket as unknown as Response, 3);
    const closed = jest.fn();
    stream.whenClosed(closed);
    socket.emit('close');
    stream.send(event(1));
    expect(closed.mock.calls).toEqual([['client_left']]);
    expect(socket.written).toHaveLength(0);
  });
});
