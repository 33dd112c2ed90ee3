import { z } from 'zod';
import { CodedError, ErrorCode } from '@app/contracts';
import { decodeCursor, encodeCursor } from './cursor';

const Position = z.object({ id: z.number().int().positive() }).strict();

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error instanceof CodedError ? error.code : 'not a CodedError';
  }
}

describe('page cursor', () => {
  it('round-trips a position through an opaque URL-safe string', () => {
    const cursor = encodeCursor({ id: 123456789 });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, Position)).toEqual({ id: 123456789 });
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['JSON of the wrong shape', encodeCursor({ id: 'one' })],
    ['extra fields', encodeCursor({ id: 1, evil: true })],
    ['a plain number', Buffer.from('42').toString('base64url')],
  ])('rejects %s with INVALID_CURSOR', (_case, cursor) => {
    expect(codeOf(() => decodeCursor(cursor, Position))).toBe(ErrorCode.InvalidCursor);
  });
});
