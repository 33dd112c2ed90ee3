export interface BackoffOptions {
  /** the pause after the first failure */
  baseMs: number;
  /** the longest pause, however many failures came before */
  capMs: number;
}

/** Exponential backoff: `baseMs` after the first failure, doubling with each one after, never above `capMs`. */
export function backoff(attempt: number, { baseMs, capMs }: BackoffOptions): number {
  if (attempt < 1) return 0;
  // Past 2^30 the product only overflows towards Infinity; the cap has long been reached by then.
  return Math.min(baseMs * 2 ** Math.min(attempt - 1, 30), capMs);
}
