import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { queryPrepared, runPrepared } from '@app/database';
import { EventBody, EventName, EventPayloads } from '@app/contracts';
import { pause, WorkLoop } from '@app/runtime';
import { ServiceMetrics, currentTraceCarrier } from '@app/telemetry';
import { EventPublisher } from './event-publisher';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { MessagingTelemetry } from './messaging-telemetry';
import { watchOutboxBacklog } from './outbox-backlog';

export const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');

export interface OutboxOptions {
  /** the Postgres schema holding the `outbox` table */
  schema: string;
  databaseUrl: string;
  /** a fallback poll, for a notification missed while the listener reconnected */
  pollIntervalMs?: number;
  batchSize?: number;
}

const notifyChannel = (schema: string) => `${schema}_outbox`;
/**
 * Wakes the relays, in the statement that adds the events (one round trip, not two: at an ordinary rate each
 * message pays it). A data-modifying CTE runs whether or not the outer query reads it. The notification is
 * delivered at commit only, and not at all on rollback.
 */
const notifyRelay = (channelParameter: string) => `SELECT pg_notify(${channelParameter}, NULL)`;
const LISTENER_RECONNECT_MS = 1000;

/**
 * Writes an event in the caller's transaction, so it exists if and only if the change it reports
 * was committed. The relay publishes it after commit, in the trace of the work that wrote it.
 */
export async function addToOutbox<E extends EventName>(
  manager: EntityManager,
  schema: string,
  name: E,
  body: EventBody<E>,
): Promise<EventPayloads[E]> {
  const event = { eventId: randomUUID(), occurredAt: new Date().toISOString(), ...body } as EventPayloads[E];
  await runPrepared(
    manager,
    `WITH added AS (INSERT INTO ${schema}.outbox (event_id, event_name, payload, trace_context) VALUES ($1, $2, $3, $4))
     ${notifyRelay('$5')}`,
    [event.eventId, name, JSON.stringify(event), currentTraceCarrier(), notifyChannel(schema)],
  );
  return event;
}

/**
 * Like addToOutbox for many events of one name (the live feed's batches): one statement and one
 * notification, in the bodies' order, each row with the current trace context.
 */
export async function addAllToOutbox<E extends EventName>(
  manager: EntityManager,
  schema: string,
  name: E,
  bodies: readonly EventBody<E>[],
): Promise<void> {
  await addEventsToOutbox(
    manager,
    schema,
    bodies.map((body) => ({ name, body }) as OutboxEvent),
  );
}

/** An event to add: its name and its body. */
export type OutboxEvent = { [E in EventName]: { name: E; body: EventBody<E> } }[EventName];

/** Like addToOutbox for many events of any names: one statement and one notification, in the given order. */
export async function addEventsToOutbox(
  manager: EntityManager,
  schema: string,
  events: readonly OutboxEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const occurredAt = new Date().toISOString();
  const payloads = events.map(({ body }) => ({ eventId: randomUUID(), occurredAt, ...body }));
  // every row in the trace of the work that wrote them, like a single add: one change, one context
  await runPrepared(
    manager,
    `WITH added AS (INSERT INTO ${schema}.outbox (event_id, event_name, payload, trace_context)
       SELECT event_id, name, payload, $5::jsonb
       FROM unnest($1::text[], $2::uuid[], $3::jsonb[]) WITH ORDINALITY AS e(name, event_id, payload, position)
       ORDER BY position)
     ${notifyRelay('$4')}`,
    [
      events.map(({ name }) => name),
      payloads.map((event) => event.eventId),
      payloads.map((event) => JSON.stringify(event)),
      notifyChannel(schema),
      currentTraceCarrier(),
    ],
  );
}

/**
 * DDL for a service's migration: events waiting to be published, each with the trace context of the work
 * that wrote it (null when not traced).
 */
export function outboxTableSql(schema: string): string {
  return `CREATE TABLE ${schema}.outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    event_name text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    trace_context jsonb
  )`;
}

interface OutboxRow {
  id: string;
  event_name: string;
  payload: { eventId: string };
  trace_context: Record<string, string> | null;
}

/**
 * Publishes committed outbox rows, oldest first, and deletes each once the broker confirmed it
 * (at-least-once: consumers dedupe on eventId). Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * replicas relay side by side without publishing the same row at once. Wakes on NOTIFY, polls as a
 * fallback, and keeps rows while RabbitMQ is down.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly loop = new WorkLoop('outbox-relay', () => this.relay(), this.logger);
  private readonly stopping = new AbortController();
  private listener?: Client;
  private listening?: Promise<void>;
  private readonly telemetry: MessagingTelemetry;

  constructor(
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxOptions,
    private readonly dataSource: DataSource,
    private readonly publisher: EventPublisher,
    @Inject(MESSAGING_OPTIONS) messaging: MessagingOptions,
    @Optional() @Inject(ServiceMetrics) metrics?: ServiceMetrics,
  ) {
    this.telemetry = new MessagingTelemetry(messaging.service, metrics);
    if (metrics) watchOutboxBacklog(metrics, dataSource, options.schema);
  }

  onApplicationBootstrap(): void {
    this.listening = this.listen();
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.loop.stop();
    await this.listener?.end().catch(() => undefined);
    await this.listening;
  }

  /** Publishes everything pending now; returns how many events went out. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < (this.options.batchSize ?? 200)) return total;
    }
  }

  /** One round of the loop: everything pending, then rest until a NOTIFY (or the fallback poll). */
  private async relay(): Promise<number> {
    await this.drain();
    return this.options.pollIntervalMs ?? 1000;
  }

  /**
   * Takes a batch off the table and publishes it in one transaction: the claim deletes the rows it locks, so a
   * batch is three round trips (claim, publish, commit). A failed publish rolls the delete back, and the rows
   * are counted as tried.
   */
  private async publishBatch(): Promise<number> {
    let claimed: OutboxRow[] = [];
    try {
      return await this.dataSource.transaction(async (manager) => {
        claimed = await queryPrepared<OutboxRow>(
          manager,
          `DELETE FROM ${this.options.schema}.outbox WHERE id IN (
             SELECT id FROM ${this.options.schema}.outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING id, event_name, payload, trace_context`,
          [this.options.batchSize ?? 200],
        );
        // RETURNING keeps no order; events go out in the order they were written
        claimed.sort((a, b) => Number(a.id) - Number(b.id));
        await Promise.all(claimed.map((row) => this.publish(row)));
        return claimed.length;
      });
    } catch (error) {
      if (claimed.length > 0) {
        await this.dataSource
          .query(`UPDATE ${this.options.schema}.outbox SET attempts = attempts + 1 WHERE id = ANY($1)`, [
            claimed.map((row) => row.id),
          ])
          .catch(() => undefined);
      }
      throw error;
    }
  }

  private async publish(row: OutboxRow): Promise<void> {
    const { headers, span } = this.telemetry.publishSpan(row.event_name, row.trace_context);
    try {
      await this.publisher.publishRaw(row.event_name, { ...row.payload, sequence: Number(row.id) }, headers);
    } finally {
      span?.end();
    }
  }

  private async listen(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      const client = new Client({ connectionString: this.options.databaseUrl, application_name: 'outbox-listener' });
      try {
        await client.connect();
        if (this.stopping.signal.aborted) {
          await client.end().catch(() => undefined);
          return;
        }
        this.listener = client;
        client.on('notification', () => this.loop.wake());
        const closed = new Promise<void>((resolve) => {
          client.on('error', () => resolve());
          client.on('end', () => resolve());
        });
        await client.query(`LISTEN "${notifyChannel(this.options.schema)}"`);
        await closed;
      } catch (error) {
        this.logger.warn({ err: error }, 'Outbox listener lost its connection; polling until it is back');
      }
      await client.end().catch(() => undefined);
      await pause(LISTENER_RECONNECT_MS, this.stopping.signal);
    }
  }
}
