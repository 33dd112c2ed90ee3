import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CodedError, ErrorCode } from '@app/contracts';
import { GatewayConfig } from '../config';
import { LoginMetrics } from './login-metrics';

const TABLE = `auth.login_failures`;

/**
 * Counts one attempt on a key, atomically, unless the key must still wait: the row lock of the upsert
 * serializes concurrent attempts, so a burst of parallel logins cannot all slip past one check. Returns
 * nothing when the key is waiting. Failures from the $2-th on make the next attempt wait $5 s, twice that,
 * four times that, … up to $3 s; they are forgotten $4 seconds after the last one.
 */
const COUNT_ATTEMPT = `
  INSERT INTO ${TABLE} AS f (key, failures, window_ends_at, next_attempt_at)
  VALUES ($1, 1, now() + make_interval(secs => $4::float8), now() + ${delayFor('1', '$2', '$3')})
  ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN f.window_ends_at <= now() THEN 1 ELSE f.failures + 1 END,
    window_ends_at = now() + make_interval(secs => $4::float8),
    next_attempt_at = now() + ${delayFor('CASE WHEN f.window_ends_at <= now() THEN 1 ELSE f.failures + 1 END', '$2', '$3')}
  WHERE f.next_attempt_at <= now() OR f.window_ends_at <= now()
  RETURNING failures`;

/** The wait after the `failures`-th failure: none before the `free`-th, then doubling from $5 s up to `max`. */
function delayFor(failures: string, free: string, max: string): string {
  return `make_interval(secs => CASE WHEN ${failures} < ${free}::int THEN 0
    ELSE least(${max}::float8, $5::float8 * power(2, least(${failures} - ${free}::int, 30))) END)`;
}

/**
 * Slows password guessing down without handing anyone a way to lock an employee out. Every attempt is
 * counted before its password is hashed, per (email, client IP) and per client IP across emails; past a
 * few free failures each further attempt on that key must wait, twice as long each time (1 s, 2 s, 4 s, …
 * with LOGIN_FIRST_DELAY_SECONDS=1, up to LOGIN_MAX_DELAY_SECONDS), and is answered 429 with Retry-After until then. An attacker guessing
 * the admin's password slows only their own (email, IP) and IP; the admin logs in from elsewhere as usual.
 * The counts live in Postgres, so they hold across replicas and restarts. A successful login clears its
 * (email, IP) count and takes its own attempt back from the IP's.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    private readonly config: GatewayConfig,
    private readonly dataSource: DataSource,
    private readonly metrics: LoginMetrics,
  ) {}

  /** Counts this attempt, or throws TOO_MANY_REQUESTS with the seconds to wait when a key must wait. */
  async countAttempt(email: string, ip: string): Promise<void> {
    const waiting = await this.dataSource.transaction(async (manager) => {
      // Always the pair first, then the IP: every transaction locks in the same order, so none deadlock.
      const keys = [
        { key: pairKey(email, ip), free: this.config.LOGIN_FAILURES_BEFORE_DELAY },
        { key: ipKey(ip), free: this.config.LOGIN_IP_FAILURES_BEFORE_DELAY },
      ];
      for (const { key, free } of keys) {
        if (!(await this.count(manager, key, free)))
          return { key, retryAfterSeconds: await this.secondsToWait(manager, key) };
      }
      return undefined;
    });
    if (!waiting) return;
    const { key, retryAfterSeconds } = waiting;
    this.metrics.throttledOn(key.startsWith('ip:') ? 'ip' : 'pair');
    this.logger.warn({ key: key.split(':')[0], retryAfterSeconds }, 'Login refused: too many failures, must wait');
    throw new CodedError(
      ErrorCode.TooManyRequests,
      `Too many failed logins; try again in ${retryAfterSeconds} seconds`,
      {
        retryAfterSeconds,
      },
    );
  }

  /** The attempt succeeded: it was no failure. */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${TABLE} WHERE key = $1`, [pairKey(email, ip)]);
    await this.dataSource.query(
      `UPDATE ${TABLE} SET failures = greatest(failures - 1, 0),
         next_attempt_at = CASE WHEN failures - 1 < $2 THEN now() ELSE next_attempt_at END
       WHERE key = $1`,
      [ipKey(ip), this.config.LOGIN_IP_FAILURES_BEFORE_DELAY],
    );
    // Counts that ended count for nothing; the index on window_ends_at keeps this cheap.
    await this.dataSource.query(`DELETE FROM ${TABLE} WHERE window_ends_at < now()`);
  }

  private async count(manager: EntityManager, key: string, free: number): Promise<boolean> {
    const rows: unknown[] = await manager.query(COUNT_ATTEMPT, [
      key,
      free,
      this.config.LOGIN_MAX_DELAY_SECONDS,
      this.config.LOGIN_FAILURE_WINDOW_SECONDS,
      this.config.LOGIN_FIRST_DELAY_SECONDS,
    ]);
    return rows.length === 1;
  }

  private async secondsToWait(manager: EntityManager, key: string): Promise<number> {
    const [row]: { seconds: number }[] = await manager.query(
      `SELECT greatest(1, ceil(extract(epoch FROM next_attempt_at - now())))::int AS seconds FROM ${TABLE} WHERE key = $1`,
      [key],
    );
    return row?.seconds ?? 1;
  }
}

const pairKey = (email: string, ip: string) => `pair:${ip}:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;
