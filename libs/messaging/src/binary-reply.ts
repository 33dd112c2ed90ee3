/**
 * An RPC reply that carries bytes as they are. Nest's RMQ transport sends every reply as JSON, so bytes would
 * travel as base64 in a string: a third more to move, and encoded, stringified, parsed and decoded again on the
 * two sides. For a file download that per-byte work was most of what the gateway path cost (bench/README.md,
 * "Media figures"). A handler opts in by answering `new BinaryReply(reply)`, where `reply.data` is a Buffer; the
 * caller gets `reply` back with `data` a Buffer. Errors and every other reply stay JSON.
 *
 * On the wire (this file is the one place that knows it): a 0 byte, which no JSON text starts with; the length
 * of the packet's JSON as a 32-bit unsigned big-endian integer; Nest's reply packet (`{id, response,
 * isDisposed}`) as JSON with `data` left out of `response`; then the bytes.
 */
export class BinaryReply<T extends { data: Buffer }> {
  constructor(readonly reply: T) {}
}

const MARK = 0;
const HEAD_BYTES = 5;

interface ReplyPacket {
  response?: unknown;
  [key: string]: unknown;
}

/** An outgoing reply packet as an AMQP message body: a binary frame for a BinaryReply, JSON otherwise. */
export function encodeReplyPacket(packet: ReplyPacket): Buffer {
  if (!(packet.response instanceof BinaryReply)) return Buffer.from(JSON.stringify(packet));
  const { data, ...rest } = (packet.response as BinaryReply<{ data: Buffer }>).reply;
  const json = Buffer.from(JSON.stringify({ ...packet, response: rest }));
  const head = Buffer.alloc(HEAD_BYTES);
  head.writeUInt8(MARK, 0);
  head.writeUInt32BE(json.length, 1);
  return Buffer.concat([head, json, data]);
}

/** True when an AMQP message body is a binary reply frame. */
export function isBinaryReply(content: Buffer): boolean {
  return content.length >= HEAD_BYTES && content[0] === MARK;
}

/** A binary reply frame back to Nest's reply packet, `data` a view on the message body (no copy). */
export function decodeBinaryReply(content: Buffer): ReplyPacket {
  const jsonEnd = HEAD_BYTES + content.readUInt32BE(1);
  const packet = JSON.parse(content.toString('utf8', HEAD_BYTES, jsonEnd)) as ReplyPacket & {
    response: Record<string, unknown>;
  };
  return { ...packet, response: { ...packet.response, data: content.subarray(jsonEnd) } };
}
