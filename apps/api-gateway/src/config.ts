import { z } from 'zod';
import { databaseEnv, loggingEnv, messagingEnv, port, positiveInt } from '@app/config';
import { TELEGRAM_UPLOAD_LIMIT_BYTES } from '@app/contracts';

export const gatewayEnv = z.object({
  ...databaseEnv,
  ...messagingEnv,
  ...loggingEnv,
  GATEWAY_PORT: port(3000),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** a vercel/ms duration ("15m", "8h") or seconds */
  JWT_EXPIRES_IN: z
    .string()
    .regex(/^\d+(ms|s|m|h|d)?$/, 'must be a duration such as 3600, 15m, 8h or 1d')
    .default('8h'),
  ADMIN_EMAIL: z.string().email(),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters'),
  /** failed logins for one email within the window before further attempts get 429 */
  LOGIN_MAX_FAILURES_PER_EMAIL: positiveInt(5),
  /** failed logins from one IP (any email) within the window before further attempts get 429 */
  LOGIN_MAX_FAILURES_PER_IP: positiveInt(20),
  LOGIN_FAILURE_WINDOW_SECONDS: positiveInt(900),
  /** proxies (ingress, load balancer) in front of the gateway whose X-Forwarded-For is trusted for the client IP */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
  /** largest file an employee may send; Telegram takes at most 50 MB from a bot */
  ATTACHMENT_UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).max(TELEGRAM_UPLOAD_LIMIT_BYTES).default(TELEGRAM_UPLOAD_LIMIT_BYTES),
});
export type GatewayConfig = z.output<typeof gatewayEnv>;

export const AUTH_SCHEMA = 'auth';
