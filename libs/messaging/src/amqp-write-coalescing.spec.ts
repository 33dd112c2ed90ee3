import { createRequire } from 'node:module';
import { PassThrough, Writable } from 'node:stream';
import { coalesceAmqpWrites } from './amqp-write-coalescing';

type MuxClass = new (out: Writable) => { pipeFrom(readable: PassThrough): void };

/** A socket stand-in that records each system call's worth of bytes: one `_writev` (or `_write`) each. */
function recordingSocket(): { socket: Writable; calls: string[][] } {
  const calls: string[][] = [];
  const socket = new Writable({
    write(chunk: Buffer, _encoding, done) {
      calls.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      calls.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
      done();
    },
  });
  return { socket, calls };
}

describe('amqplib frame writes', () => {
  const amqplibMain = createRequire(__filename).resolve('amqplib');
  const { Mux } = createRequire(amqplibMain)('./lib/mux') as { Mux: MuxClass };

  it('hands the socket every frame queued in one turn as one write, in order', async () => {
    expect(coalesceAmqpWrites()).toBe(true);
    const { socket, calls } = recordingSocket();
    const mux = new Mux(socket);
    const channelOne = new PassThrough({ objectMode: true });
    const channelTwo = new PassThrough({ objectMode: true });
    mux.pipeFrom(channelOne);
    mux.pipeFrom(channelTwo);

    channelOne.write(Buffer.from('reply-1'));
    channelTwo.write(Buffer.from('ack-1'));
    channelOne.write(Buffer.from('reply-2'));

    const deadline = Date.now() + 2000;
    while (calls.flat().length < 3 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['reply-1', 'ack-1', 'reply-2']]);
  });
});
