import { z } from 'zod';

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

export const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// URL');

export const amqpUrl = z
  .string()
  .url()
  .refine((value) => /^amqps?:\/\//.test(value), 'must be an amqp:// URL');

/** Shared by every service: where its logs go and how they look. */
export const loggingEnv = {
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: booleanFlag(false),
};

export const databaseEnv = {
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: positiveInt(10),
};

export const messagingEnv = {
  RABBITMQ_URL: amqpUrl,
  /** unacked messages one consumer holds at once */
  RABBITMQ_PREFETCH: positiveInt(20),
  /** deliveries of one message before it is dead-lettered; must be equal in every service */
  RABBITMQ_DELIVERY_LIMIT: positiveInt(5),
  RPC_TIMEOUT_MS: positiveInt(5000),
  /** all: every service declares the whole topology (one broker user); own: only its own queues (a user per service) */
  RABBITMQ_DECLARE: z.enum(['all', 'own']).default('all'),
};

/** Services that consume events: how long a handled event's id is kept to recognise a redelivery. */
export const eventDedupeEnv = {
  PROCESSED_EVENTS_RETENTION_DAYS: positiveInt(7),
};

/** Shared by every service: OpenTelemetry traces, exported only when an endpoint is set. */
export const telemetryEnv = {
  /** an OTLP/HTTP collector (e.g. http://jaeger:4318); traces are off when unset or empty */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess((value) => (value === '' ? undefined : value), z.string().url().optional()),
  /** share of new traces recorded, 0..1 (a trace begun upstream keeps its caller's decision) */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
  /** overrides the service name spans are reported under */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
};
