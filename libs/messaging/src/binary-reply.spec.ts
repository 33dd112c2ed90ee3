import { BinaryReply, JsonBytes, decodeReplyFrame, encodeReplyPacket, isReplyFrame } from './binary-reply';

describe('binary RPC replies', () => {
  it('carries the bytes as they are, the rest of the reply beside them', () => {
    const data = Buffer.from([0xff, 0xfe, 0x00, 0xed, 0xa0, 0x80, 0x22, 0x5c]);
    const reply = { fileName: 'счёт "1".pdf', size: data.length, data };

    const body = encodeReplyPacket({ id: 'c-1', response: new BinaryReply(reply), isDisposed: true });

    expect(body.length).toBeLessThan(100);
    expect(isReplyFrame(body)).toBe(true);
    expect(decodeReplyFrame(body)).toEqual({ id: 'c-1', response: reply, isDisposed: true });
  });

  it('leaves errors and every other reply as JSON', () => {
    const error = { id: 'c-2', err: { code: 'ATTACHMENT_NOT_FOUND', message: 'no file' }, isDisposed: true };
    const plain = { id: 'c-3', response: { data: 'text' }, isDisposed: true };

    for (const packet of [error, plain]) {
      const body = encodeReplyPacket(packet);
      expect(isReplyFrame(body)).toBe(false);
      expect(JSON.parse(body.toString())).toEqual(packet);
    }
  });

  it('hands a response asked for as JSON bytes over as its JSON text, unparsed', () => {
    const page = { items: [{ id: 7, subject: 'счёт "1" \u0000 😀', tags: ['vip'] }], nextCursor: null };

    const body = encodeReplyPacket({ id: 'c-4', response: page, isDisposed: true }, true);

    expect(isReplyFrame(body)).toBe(true);
    const packet = decodeReplyFrame(body);
    expect(packet).toEqual({ id: 'c-4', isDisposed: true, response: expect.any(JsonBytes) });
    const { bytes } = packet.response as JsonBytes;
    expect(bytes.toString('utf8')).toBe(JSON.stringify(page));
  });

  it('sends an error as JSON even to a caller that asked for JSON bytes', () => {
    const error = { id: 'c-5', err: { code: 'TICKET_NOT_FOUND', message: 'no ticket' }, isDisposed: true };

    const body = encodeReplyPacket(error, true);

    expect(isReplyFrame(body)).toBe(false);
    expect(JSON.parse(body.toString())).toEqual(error);
  });
});
