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
