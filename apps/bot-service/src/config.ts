import { z } from 'zod';
import {
  booleanFlag,
  configClass,
  databaseEnv,
  eventDedupeEnv,
  loggingEnv,
  messagingEnv,
  port,
  positiveInt,
  secret,
  telemetryEnv,
} from '@app/config';

export const botServiceEnv = z
  .object({
    ...databaseEnv,
    ...messagingEnv,
    ...loggingEnv,
    ...telemetryEnv,
    ...eventDedupeEnv,
    BOT_PORT: port(3001),
    TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[\w-]{20,}$/, 'must look like 123456:ABC-DEF... (from @BotFather)'),
    TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
    TELEGRAM_MODE: z.enum(['polling', 'webhook']).default('polling'),
    TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
    /** whoever knows it can post fake updates as any client: refused when a placeholder or predictable */
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z, a-z, 0-9, _ and -')
      .pipe(secret({ minLength: 16, minBits: 64, hint: 'e.g. `openssl rand -hex 32`' }))
      .optional(),
    /** sends per second to one chat, and to all chats together (Telegram's limits), across all replicas */
    TELEGRAM_RATE_PER_CHAT: z.coerce.number().positive().default(1),
    TELEGRAM_RATE_GLOBAL: z.coerce.number().positive().default(30),
    TELEGRAM_SET_WEBHOOK: booleanFlag(true),
    /**
     * setWebhook's max_connections: updates Telegram posts at once (1-100). Telegram's default is 40; requests
     * arriving together are stored in one commit, so more of them at once cost less each
     */
    TELEGRAM_WEBHOOK_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(100),
    /** sends failing other than by 429 or 403 (5xx, network) before a message is given up as failed */
    TELEGRAM_SEND_MAX_ATTEMPTS: positiveInt(5),
    /** sends under way at once per replica; each holds a database connection while Telegram answers */
    TELEGRAM_SEND_CONCURRENCY: positiveInt(8),
    /** batches of stored updates handed to ticket-service at once per replica (a chat's updates in one at a time) */
    BOT_FORWARD_CONCURRENCY: positiveInt(8),
    /**
     * how often one forwarder looks for stored updates no wake announced (another replica's, held by it when
     * they came): the longest such an update waits; each look is a transaction
     */
    BOT_FORWARD_IDLE_POLL_MS: positiveInt(1000),
    /** forwarded updates are kept this long (redelivery dedupe needs only hours), then deleted */
    BOT_UPDATE_RETENTION_DAYS: positiveInt(7),
    /** clients' files downloaded from Telegram at once per replica (each holds a database connection meanwhile) */
    BOT_DOWNLOAD_CONCURRENCY: positiveInt(2),
    /** failed downloads of a client's file (network, 5xx, ticket-service away) before it is recorded as failed */
    BOT_DOWNLOAD_MAX_ATTEMPTS: positiveInt(8),
    /** ask the client to rate a ticket when it closes */
    CSAT_ENABLED: booleanFlag(true),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_MODE !== 'webhook') return;
    if (!env.TELEGRAM_WEBHOOK_URL)
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_URL'], message: 'is required in webhook mode' });
    if (!env.TELEGRAM_WEBHOOK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'is required in webhook mode' });
  });
/** The parsed config; constructors take it by this class (see configClass). */
export abstract class BotServiceConfig extends configClass(botServiceEnv) {}

export const BOT_SCHEMA = 'bot';
