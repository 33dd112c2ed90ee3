import { z } from 'zod';
import { CodedError, ErrorCode } from '@app/contracts';

/**
 * An opaque page cursor: base64url JSON of where the last page ended. Its shape is checked on the way
 * back in, so a tampered or foreign cursor is a clear INVALID_CURSOR, never a database error.
 */
export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<S extends z.ZodTypeAny>(cursor: string, schema: S): z.output<S> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

export function invalidCursor(reason = 'The cursor is not one this list returned'): CodedError {
  return new CodedError(ErrorCode.InvalidCursor, reason);
}

/** Microsecond UTC timestamp as the ticket cursor holds it: a JS Date would drop the last three digits. */
export const MICROSECOND_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * A cursor's timestamp: the right shape and a real instant (no month 13, no February 30th), which
 * Postgres would otherwise refuse with an error that reached the caller as a 500.
 */
export const cursorTimestamp = z
  .string()
  .regex(MICROSECOND_TIMESTAMP)
  .refine((value) => {
    const millisecondsPart = `${value.slice(0, 23)}Z`;
    const parsed = new Date(millisecondsPart);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString() === millisecondsPart;
  });

/** A cursor's row id, within what its column holds (integer: 2^31 - 1; bigint: as far as JSON numbers stay exact). */
export const cursorId = (max: number) => z.number().int().positive().max(max);
export const MAX_INTEGER_ID = 2 ** 31 - 1;
