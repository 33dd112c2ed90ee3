import type { Translate } from '../i18n/texts';
import { hasText } from '../i18n/texts';

/** Any failed call: the API's own `{statusCode, code, message}`, or the network's failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  static network(cause: unknown): ApiError {
    return new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause));
  }

  /** From a response that was not 2xx; the body may be the API's error JSON or anything a proxy sends. */
  static fromResponse(status: number, body: unknown): ApiError {
    const error = (body ?? {}) as { code?: unknown; message?: unknown };
    const message = Array.isArray(error.message)
      ? error.message.join('; ')
      : typeof error.message === 'string'
        ? error.message
        : '';
    return new ApiError(status, typeof error.code === 'string' ? error.code : `HTTP_${status}`, message);
  }
}

/** Every failure said in words in the agent's language; never an empty line. */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError))
    return t('errors.unknown', { message: error instanceof Error ? error.message : String(error) });
  if (error.code === 'NETWORK') return t('errors.network');
  const key = `errors.${error.code}`;
  if (hasText(key)) return t(key, { message: error.message });
  if (error.message) return error.message;
  return t('errors.server', { status: error.status });
}
