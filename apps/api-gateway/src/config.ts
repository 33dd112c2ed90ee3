import { z } from 'zod';
import {
  booleanFlag,
  configClass,
  databaseEnv,
  loggingEnv,
  messagingEnv,
  port,
  positiveInt,
  secret,
  telemetryEnv,
} from '@app/config';
import { MAX_TOKEN_LIFETIME_SECONDS, tokenLifetimeSeconds } from './auth/token-lifetime';
import { ATTACHMENT_READ_MAX_CHUNKS, TELEGRAM_UPLOAD_LIMIT_BYTES } from '@app/contracts';

export const gatewayEnv = z.object({
  ...databaseEnv,
  ...messagingEnv,
  ...loggingEnv,
  ...telemetryEnv,
  GATEWAY_PORT: port(3000),
  /** whoever knows it can sign an admin token: refused when short, a placeholder or predictable */
  JWT_SECRET: secret({ minLength: 32, minBits: 112, hint: 'e.g. `openssl rand -base64 48`' }),
  /** a vercel/ms duration ("15m", "8h") or seconds, at most 24 h */
  JWT_EXPIRES_IN: z
    .string()
    .regex(/^\d+(ms|s|m|h|d)?$/, 'must be a duration such as 3600, 15m, 8h or 1d')
    .refine(
      (value) => tokenLifetimeSeconds(value) <= MAX_TOKEN_LIFETIME_SECONDS,
      'must be at most 24h (a stolen token lives that long)',
    )
    .default('8h'),
  ADMIN_EMAIL: z.string().email(),
  ADMIN_PASSWORD: secret({ minLength: 12, minDistinct: 8, hint: '12 or more characters, not from an example' }),
  /** failed logins for one email from one IP before each further attempt waits (1 s, 2 s, 4 s, …) */
  LOGIN_FAILURES_BEFORE_DELAY: positiveInt(5),
  /** failed logins from one IP, any email, before each further attempt from it waits */
  LOGIN_IP_FAILURES_BEFORE_DELAY: positiveInt(20),
  /** the first wait; each further failure doubles it */
  LOGIN_FIRST_DELAY_SECONDS: positiveInt(1),
  /** the longest wait between attempts */
  LOGIN_MAX_DELAY_SECONDS: positiveInt(900),
  /** failures are forgotten this long after the last one */
  LOGIN_FAILURE_WINDOW_SECONDS: positiveInt(900),
  /** password hashes (argon2id, 64 MiB each) computed at once per replica; more wait their turn */
  PASSWORD_HASH_CONCURRENCY: positiveInt(4),
  /** Swagger UI at /docs and the document at /docs-json; off in production unless you want it public */
  SWAGGER_ENABLED: booleanFlag(true),
  /** proxies (ingress, load balancer) in front of the gateway whose X-Forwarded-For is trusted for the client IP */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
  /** largest file an employee may send; Telegram takes at most 50 MB from a bot */
  ATTACHMENT_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(TELEGRAM_UPLOAD_LIMIT_BYTES)
    .default(TELEGRAM_UPLOAD_LIMIT_BYTES),
  /** stored chunks (256 KiB) per RPC read of a file being downloaded: fewer round trips, bounded messages */
  ATTACHMENT_READ_CHUNKS: z.coerce
    .number()
    .int()
    .min(1)
    .max(ATTACHMENT_READ_MAX_CHUNKS)
    .default(ATTACHMENT_READ_MAX_CHUNKS),

  // Live events (GET /events) and the agent console
  /** seconds between `: ping` comments on an idle stream (and re-checks that its employee is still active) */
  EVENTS_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(20).default(15),
  /** events waiting for one slow stream before it is closed with the reason too_slow */
  EVENTS_STREAM_BUFFER: positiveInt(1000),
  /** the built console (index.html, app.js, app.css), served at /console/; relative to the working directory */
  CONSOLE_DIR: z.string().min(1).default('dist/console'),
});
/** The parsed config; constructors take it by this class (see configClass). */
export abstract class GatewayConfig extends configClass(gatewayEnv) {}

/** For what takes the schema as a parameter (migrations, outbox, processed events); SQL names it as `auth.employees`. */
export const AUTH_SCHEMA = 'auth';
