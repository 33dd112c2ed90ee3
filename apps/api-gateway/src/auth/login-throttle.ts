import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@app/config';
import { CodedError, ErrorCode } from '@app/contracts';
import { AUTH_SCHEMA, GatewayConfig } from '../config';

const TABLE = `"${AUTH_SCHEMA}".login_failures`;

/**
 * Counts failed logins per email and per client IP in Postgres, so the limits hold across replicas and
 * restarts. Once a key reaches its limit, every login for it (even with the right password) gets 429
 * until the window that began with its first failure ends. A successful login clears the email's count.
 *
 * Defaults: 5 failures per email and 20 per IP within 15 minutes (LOGIN_MAX_FAILURES_PER_EMAIL,
 * LOGIN_MAX_FAILURES_PER_IP, LOGIN_FAILURE_WINDOW_SECONDS).
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    private readonly dataSource: DataSource,
  ) {}

  /** Throws TOO_MANY_REQUESTS, with the seconds to wait, while the email or the IP is locked out. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const rows: { key: string; failures: number; retry_after: number }[] = await this.dataSource.query(
      `SELECT key, failures, ceil(extract(epoch FROM window_ends_at - now()))::int AS retry_after
       FROM ${TABLE} WHERE key = ANY($1) AND window_ends_at > now()`,
      [[emailKey(email), ipKey(ip)]],
    );
    const locked = rows.filter((row) => row.failures >= this.limitOf(row.key));
    if (locked.length === 0) return;
    const retryAfterSeconds = Math.max(1, ...locked.map((row) => row.retry_after));
    this.logger.warn({ keys: locked.map((row) => row.key.split(':')[0]), retryAfterSeconds }, 'Login refused: too many failures');
    throw new CodedError(ErrorCode.TooManyRequests, `Too many failed logins; try again in ${retryAfterSeconds} seconds`, {
      retryAfterSeconds,
    });
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ${TABLE} AS f (key, failures, window_ends_at)
       VALUES ($1, 1, now() + make_interval(secs => $3)), ($2, 1, now() + make_interval(secs => $3))
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN f.window_ends_at <= now() THEN 1 ELSE f.failures + 1 END,
         window_ends_at = CASE WHEN f.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE f.window_ends_at END`,
      [emailKey(email), ipKey(ip), this.config.LOGIN_FAILURE_WINDOW_SECONDS],
    );
    // Windows that ended count for nothing; the index on window_ends_at keeps this cheap.
    await this.dataSource.query(`DELETE FROM ${TABLE} WHERE window_ends_at < now()`);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${TABLE} WHERE key = $1`, [emailKey(email)]);
  }

  private limitOf(key: string): number {
    return key.startsWith('ip:') ? this.config.LOGIN_MAX_FAILURES_PER_IP : this.config.LOGIN_MAX_FAILURES_PER_EMAIL;
  }
}

const emailKey = (email: string) => `email:${email.trim().toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;
