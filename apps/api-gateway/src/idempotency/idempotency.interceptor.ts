import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, catchError, concatMap, from, of, throwError } from 'rxjs';
import { CodedError, ErrorCode } from '@app/contracts';
import { AuthenticatedRequest } from '../auth/authenticated-request';
import { isMultipart } from '../tickets/attachments/file-upload';
import { IdempotencyStore } from './idempotency-store';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** Printable ASCII, as the IETF draft's examples (UUIDs, random strings) are. */
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on an employee's POST (each marked `@Idempotent()`): the first request with a key runs;
 * the same key with the same method, path and body again gets the first result (status and body) without
 * running anything; the same key with another request is 422 IDEMPOTENCY_KEY_REUSED; while the first is still
 * running, 409 IDEMPOTENCY_KEY_IN_USE. Keys are per employee and kept 24 h. A request that failed releases its key, so
 * retrying it runs it again (a reply, whose effect may land after a 504, is also deduplicated by
 * ticket-service on the same key).
 *
 * A multipart request's body is its file, known only once read: FileReplyInterceptor reads it, then runs it
 * through `answerOnce` with the file's digest as the body.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (isMultipart(request) || !request.user) return next.handle();
    let key: string | undefined;
    try {
      key = idempotencyKeyOf(request);
    } catch (error) {
      return throwError(() => error);
    }
    if (key === undefined) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return answerOnce(this.store, request.user.id, key, requestHash(request, request.body), response, () =>
      next.handle(),
    );
  }
}

/** The request's Idempotency-Key, if it is a POST that has one; a malformed key is a 400. */
export function idempotencyKeyOf(request: Request): string | undefined {
  const key = request.header(IDEMPOTENCY_KEY_HEADER);
  if (request.method !== 'POST' || key === undefined) return undefined;
  if (!VALID_KEY.test(key)) {
    throw new CodedError(ErrorCode.ValidationFailed, 'Idempotency-Key must be 1-255 printable ASCII characters');
  }
  return key;
}

/** What makes two requests the same one: method, path and body. */
export function requestHash(request: Request, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([request.method, request.path, body ?? null]))
    .digest('hex');
}

/** Runs `handle` for the first request with this key; answers a repeat from the store (see IdempotencyInterceptor). */
export function answerOnce(
  store: IdempotencyStore,
  employeeId: number,
  key: string,
  hash: string,
  response: Response,
  handle: () => Observable<unknown>,
): Observable<unknown> {
  return from(store.claim(employeeId, key, hash)).pipe(
    concatMap((claim) => {
      switch (claim.kind) {
        case 'reused':
          throw new CodedError(
            ErrorCode.IdempotencyKeyReused,
            `Idempotency-Key ${key} was used before with another request`,
          );
        case 'in-progress':
          throw new CodedError(
            ErrorCode.IdempotencyKeyInUse,
            `The first request with Idempotency-Key ${key} is still being handled; retry shortly`,
          );
        case 'done':
          response.status(claim.statusCode);
          response.setHeader('Idempotent-Replayed', 'true');
          return of(claim.response);
        case 'claimed':
          return handle().pipe(
            concatMap(async (body: unknown) => {
              await store.complete(employeeId, key, response.statusCode, body);
              return body;
            }),
            catchError((error: unknown) =>
              from(store.release(employeeId, key)).pipe(concatMap(() => throwError(() => error))),
            ),
          );
      }
    }),
  );
}
