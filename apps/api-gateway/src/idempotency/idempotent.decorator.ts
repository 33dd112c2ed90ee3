import { UseInterceptors, applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ErrorCode } from '@app/contracts';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * An employee's POST: it honours `Idempotency-Key` (IdempotencyInterceptor) and the API's map says so. On each
 * POST rather than for the whole app because Nest runs any interceptor through rxjs and an async resource per
 * request, which every GET (the list most of all) paid for nothing. List IDEMPOTENCY_ERRORS among the route's
 * error responses: a second ApiErrorResponses on one route would replace the first's 409.
 */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Any unique string (e.g. a UUID), kept 24 h per employee: a retry with the same key and body gets the first answer',
    }),
  );
}

/** What an `@Idempotent()` route can also answer, for its ApiErrorResponses. */
export const IDEMPOTENCY_ERRORS = [ErrorCode.IdempotencyKeyReused, ErrorCode.IdempotencyKeyInUse] as const;
