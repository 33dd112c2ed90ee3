import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';

interface MuxInternals {
  out: Writable;
  _readIncoming(): void;
}

let coalescing = false;

/**
 * One socket write per pass of amqplib's frame multiplexer, instead of one per frame. amqplib queues each
 * channel's frames and, once per event-loop turn, its Mux hands every queued frame to the socket with its own
 * `write`, each a `writev` system call: an RPC reply and its request's ack, or the acks and replies of
 * every request served in that turn, each paid for separately. Socket writes were the largest single cost of
 * ticket-service under the list (bench/README.md). Corked for the pass, the frames leave in one call, in the
 * same order; `write` still reports a full buffer, so the Mux waits for 'drain' as before.
 *
 * A patch of amqplib's internals (lib/mux.js, not among its package exports): when the file or the method is
 * not there (another amqplib version), nothing changes and this answers false.
 */
export function coalesceAmqpWrites(): boolean {
  if (coalescing) return true;
  let mux: { prototype: MuxInternals } | undefined;
  try {
    const amqplibMain = createRequire(__filename).resolve('amqplib');
    mux = (createRequire(amqplibMain)('./lib/mux') as { Mux?: { prototype: MuxInternals } }).Mux;
  } catch {
    return false;
  }
  const readIncoming = mux?.prototype._readIncoming;
  if (!mux || typeof readIncoming !== 'function') return false;
  mux.prototype._readIncoming = function (this: MuxInternals) {
    const out = this.out;
    out.cork();
    try {
      readIncoming.call(this);
    } finally {
      out.uncork();
    }
  };
  coalescing = true;
  return true;
}
