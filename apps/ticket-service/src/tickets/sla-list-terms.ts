/**
 * What the ticket list adds for response-time targets, kept apart from the other filters and sorts.
 *
 * `sort=firstResponseDueAt` orders by this expression (tickets without a target last when ascending): the same
 * expression as the ticket schema's first_response_due indexes, so each status branch reads one in order.
 */
export const FIRST_RESPONSE_DUE_SORT = `COALESCE(first_response_due_at, 'infinity'::timestamptz)`;

/** The cursor's `at` for a ticket with no first-response target. */
export const NO_DUE_TIME = 'infinity';

/** `slaBreached=true|false` as a condition on the ticket: breached once its breach moment has passed. */
export function slaBreachedTerm(slaBreached: boolean | undefined): string | null {
  if (slaBreached === undefined) return null;
  return slaBreached ? 'sla_breach_at <= now()' : '(sla_breach_at IS NULL OR sla_breach_at > now())';
}
