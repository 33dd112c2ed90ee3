import { BinaryReply, decodeBinaryReply, encodeReplyPacket, isBinaryReply } from './binary-reply';

describe('binary RPC replies', () => {
  it('carries the bytes as they are, the rest of the reply beside them', () => {
    const data = Buffer.from([0xff, 0xfe, 0x00, 0xed, 0xa0, 0x80, 0x22, 0x5c]);
    const reply = { fileName: 'счёт "1".pdf', size: data.length, data };

    const body = encodeReplyPacket({ id: 'c-1', response: new BinaryReply(reply), isDisposed: true });

    expect(body.length).toBeLessThan(100);
    expect(isBinaryReply(body)).toBe(true);
    expect(decodeBinaryReply(body)).toEqual({ id: 'c-1', response: reply, isDisposed: true });
  });

  it('leaves errors and every other reply as JSON', () => {
    const error = { id: 'c-2', err: { code: 'ATTACHMENT_NOT_FOUND', message: 'no file' }, isDisposed: true };
    const plain = { id: 'c-3', response: { data: 'text' }, isDisposed: true };

    for (const packet of [error, plain]) {
      const body = encodeReplyPacket(packet);
      expect(isBinaryReply(body)).toBe(false);
      expect(JSON.parse(body.toString())).toEqual(packet);
    }
  });
});
