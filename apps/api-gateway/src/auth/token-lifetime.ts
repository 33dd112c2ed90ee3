/** The longest JWT_EXPIRES_IN accepted: a stolen token is good for at most this long. */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

const SECONDS_PER_UNIT: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 };

/** JWT_EXPIRES_IN ("3600", "15m", "8h", "1d") in whole seconds, as a token's `exp` counts them. */
export function tokenLifetimeSeconds(duration: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(duration);
  if (!match) throw new Error(`Not a duration: ${duration}`);
  const seconds = Number(match[1]) * SECONDS_PER_UNIT[match[2] ?? 's'];
  return Math.max(1, Math.ceil(seconds));
}
