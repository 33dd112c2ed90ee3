/**
 * An RPC reply that carries bytes as they are. Nest's RMQ transport sends every reply as JSON, so bytes would
 * travel as base64 in a string: a third more to move, and encoded, stringified, parsed and decoded again on the
 * two sides. For a file download that per-byte work was most of what the gateway path cost (bench/README.md,
 * "Media figures"). A handler opts in by answering `new BinaryReply(reply)`, where `reply.data` is a Buffer; the
 * caller gets `reply` back with `data` a Buffer. Errors and every other reply stay JSON.
 *
 * On the wire (this file is the one place that knows it): a 0 byte, which no JSON text starts with; the length
 * of the packet's JSON as a 32-bit unsigned big-endian integer; Nest's reply packet (`{id, response,
 * isDisposed}`) as JSON with `data` left out of `response`; then the bytes. A JSON frame (JsonBytes below) is
 * the same with a 1 byte first, the whole `response` left out of the packet, and its JSON text as the bytes.
 */
export class BinaryReply<T extends { data: Buffer }> {
  constructor(readonly reply: T) {}
}

/**
 * A reply whose response travels as JSON text the caller does not parse: for a caller that only hands it on
 * (the gateway answering HTTP with a page of tickets), parsing the page and serialising it again was a tenth of
 * its CPU (bench/README.md). The caller asks per request (JSON_BYTES_HEADER), so a server that predates it
 * just answers JSON, and a caller that does not ask never sees this frame.
 */
export class JsonBytes<T = unknown> {
  /** for the type checker only (the type of the value the bytes are the JSON of); never set */
  declare readonly parsed?: T;
  constructor(readonly bytes: Buffer) {}

  static of<T>(value: T): JsonBytes<T> {
    return new JsonBytes<T>(Buffer.from(JSON.stringify(value)));
  }
}

/** Request header: answer with the response as JSON bytes (a JSON frame) rather than inside the packet's JSON. */
export const JSON_BYTES_HEADER = 'x-reply-as-json-bytes';

const BINARY_MARK = 0;
const JSON_MARK = 1;
const HEAD_BYTES = 5;

interface ReplyPacket {
  response?: unknown;
  [key: string]: unknown;
}

/**
 * An outgoing reply packet as an AMQP message body: a binary frame for a BinaryReply, a JSON frame for a
 * response the caller asked to get as JSON bytes, JSON otherwise (errors always).
 */
export function encodeReplyPacket(packet: ReplyPacket, asJsonBytes = false): Buffer {
  if (packet.response instanceof BinaryReply) {
    const { data, ...rest } = (packet.response as BinaryReply<{ data: Buffer }>).reply;
    return frame(BINARY_MARK, { ...packet, response: rest }, data);
  }
  if (asJsonBytes && packet.response !== undefined) {
    const { response, ...rest } = packet;
    return frame(JSON_MARK, rest, Buffer.from(JSON.stringify(response)));
  }
  return Buffer.from(JSON.stringify(packet));
}

function frame(mark: number, packet: ReplyPacket, bytes: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(packet));
  const head = Buffer.alloc(HEAD_BYTES);
  head.writeUInt8(mark, 0);
  head.writeUInt32BE(json.length, 1);
  return Buffer.concat([head, json, bytes]);
}

/** True when an AMQP message body is a binary or a JSON frame (no JSON text starts with byte 0 or 1). */
export function isReplyFrame(content: Buffer): boolean {
  return content.length >= HEAD_BYTES && (content[0] === BINARY_MARK || content[0] === JSON_MARK);
}

/**
 * A frame back to Nest's reply packet: a binary frame's `data` and a JSON frame's JsonBytes are views on the
 * message body (no copy).
 */
export function decodeReplyFrame(content: Buffer): ReplyPacket {
  const jsonEnd = HEAD_BYTES + content.readUInt32BE(1);
  const packet = JSON.parse(content.toString('utf8', HEAD_BYTES, jsonEnd)) as ReplyPacket & {
    response: Record<string, unknown>;
  };
  const bytes = content.subarray(jsonEnd);
  if (content[0] === JSON_MARK) return { ...packet, response: new JsonBytes(bytes) };
  return { ...packet, response: { ...packet.response, data: bytes } };
}
