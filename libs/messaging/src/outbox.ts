import { randomInt, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
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
const LISTENER_RECONNECT_MS = 1000;
/**
 * The first key of the advisory locks relays hold while alive (the second is the relay's own key, stored on
 * the rows it is handed): a row whose relay holds no such lock is anyone's to publish.
 */
export const RELAY_LOCK_SPACE = 0x6f757462; // 'outb'
/** Published rows are deleted together, this often at most, or as soon as a batch's worth has gathered. */
const DELETE_DELAY_MS = 200;

/** The relay running in this process for each data source: the one its transactions hand their events to. */
const relays = new WeakMap<DataSource, OutboxRelay>();

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
  await writeEvents(manager, schema, [name], [event]);
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
  await writeEvents(
    manager,
    schema,
    events.map(({ name }) => name),
    events.map(({ body }) => ({ eventId: randomUUID(), occurredAt, ...body })),
  );
}

/**
 * Inserts the events, in order, every row in the trace of the work that wrote them (one change, one context).
 * Inside a transaction of a data source whose relay runs in this process, the rows are handed to that relay
 * when the transaction commits: it publishes them from memory, and nothing else needs waking. Otherwise the
 * statement wakes the relays with a NOTIFY, delivered at commit only, and not at all on rollback (a
 * data-modifying CTE runs whether or not the outer query reads it).
 */
async function writeEvents(
  manager: EntityManager,
  schema: string,
  names: readonly string[],
  payloads: readonly { eventId: string }[],
): Promise<void> {
  const traceContext = currentTraceCarrier();
  const relay = manager.queryRunner?.isTransactionActive ? relays.get(manager.connection) : undefined;
  const owner = relay?.schema === schema ? relay.liveKey : undefined;
  const insert = `INSERT INTO ${schema}.outbox (event_id, event_name, payload, trace_context, relay_owner)
       SELECT event_id, name, payload, $4::jsonb, $5::int
       FROM unnest($1::text[], $2::uuid[], $3::jsonb[]) WITH ORDINALITY AS e(name, event_id, payload, position)
       ORDER BY position`;
  const values = [names, payloads.map((event) => event.eventId), payloads.map((event) => JSON.stringify(event))];
  if (!relay || owner === undefined) {
    await runPrepared(manager, `WITH added AS (${insert}) SELECT pg_notify($6, NULL)`, [
      ...values,
      traceContext,
      null,
      notifyChannel(schema),
    ]);
    return;
  }
  const rows = await queryPrepared<{ id: string; event_id: string }>(manager, `${insert} RETURNING id, event_id`, [
    ...values,
    traceContext,
    owner,
  ]);
  const idOf = new Map(rows.map((row) => [row.event_id, row.id]));
  relay.written(
    manager.queryRunner!,
    payloads.map((payload, i) => ({
      id: idOf.get(payload.eventId)!,
      event_name: names[i],
      payload,
      trace_context: traceContext as Record<string, string> | null,
    })),
  );
}

/**
 * DDL for a service's migration: events waiting to be published, each with the trace context of the work
 * that wrote it (null when not traced) and the key of the relay it was handed to (null: announced by NOTIFY).
 */
export function outboxTableSql(schema: string): string {
  return `CREATE TABLE ${schema}.outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    event_name text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    attempts integer NOT NULL DEFAULT 0,
    trace_context jsonb,
    relay_owner integer
  )`;
}

interface OutboxRow {
  id: string;
  event_name: string;
  payload: { eventId: string };
  trace_context: Record<string, string> | null;
}

/**
 * Publishes committed outbox rows and deletes each once the broker confirmed it (at-least-once: consumers
 * dedupe on eventId).
 *
 * The rows a transaction of this process wrote are handed over when it commits, and published from memory
 * at once: no NOTIFY, no claim. They carry the relay's key, and the relay holds an advisory lock on that key
 * (on its LISTEN connection) while it lives: other relays (replicas) leave a live relay's rows to it, and
 * take a dead one's at once. Its own loop leaves out the ids it is publishing or is about to delete (in one
 * statement for many, every 200 ms). Everything else is claimed from the table with FOR UPDATE SKIP LOCKED,
 * oldest first: rows announced by NOTIFY (written outside a relayed transaction, or before the lock was
 * held), rows whose hand-over failed to publish, and rows of relays that are gone. While any may wait (at
 * start, after a failed publish or a NOTIFY), hand-overs go through the table too, until a round finds it
 * empty: a waiting event is not overtaken by a newer one. The loop also polls as a fallback, and rows stay
 * while RabbitMQ is down.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly loop = new WorkLoop('outbox-relay', () => this.relay(), this.logger);
  private readonly stopping = new AbortController();
  private listener?: Client;
  private listening?: Promise<void>;
  private readonly telemetry: MessagingTelemetry;
  /** events written by transactions under way, by their query runner */
  private readonly writtenBy = new WeakMap<QueryRunner, { rows: OutboxRow[]; savepointRolledBack: boolean }>();
  /** ids of rows handed over: being published, or published and waiting for the batched delete */
  private readonly handedOver = new Set<string>();
  /**
   * ids of rows written by transactions not yet ended here. Committed in Postgres before TypeORM's commit
   * event reaches this relay, they are the hand-over's: a claim in between must leave them, or they go out twice.
   */
  private readonly pending = new Set<string>();
  private readonly publishing = new Set<Promise<void>>();
  private toDelete: string[] = [];
  private deleteTimer?: NodeJS.Timeout;
  private deleting?: Promise<void>;
  /** rows may wait that no hand-over will publish (at start, after a failed publish or a NOTIFY) */
  private backlog = true;
  private backlogMarks = 0;
  /** This relay's key on the rows it is handed, drawn at random for each process. */
  private readonly key = randomInt(1, 2 ** 31);
  /** whether the advisory lock on `key` is held, i.e. other relays can tell this one is alive */
  private keyLocked = false;
  private readonly commits: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => this.committed(queryRunner),
    afterTransactionRollback: ({ queryRunner }) => this.rolledBack(queryRunner),
  };

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

  get schema(): string {
    return this.options.schema;
  }

  /** The key to write on rows handed to this relay; undefined while other relays could not tell it is alive. */
  get liveKey(): number | undefined {
    return this.keyLocked && !this.stopping.signal.aborted ? this.key : undefined;
  }

  onApplicationBootstrap(): void {
    this.listening = this.listen();
    this.loop.start();
    // Two relays of one data source in a process (tests' replicas) share the hand-overs of the first.
    if (!relays.has(this.dataSource)) {
      relays.set(this.dataSource, this);
      this.dataSource.subscribers.push(this.commits);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (relays.get(this.dataSource) === this) {
      relays.delete(this.dataSource);
      this.dataSource.subscribers.splice(this.dataSource.subscribers.indexOf(this.commits), 1);
    }
    this.stopping.abort();
    await Promise.allSettled([...this.publishing]);
    await this.deleteHandedOver().catch(() => undefined);
    await this.loop.stop();
    await this.listener?.end().catch(() => undefined);
    await this.listening;
  }

  /** Rows a transaction inserted (writeEvents): handed over if and when it commits. */
  written(queryRunner: QueryRunner, rows: OutboxRow[]): void {
    for (const row of rows) this.pending.add(row.id);
    const written = this.writtenBy.get(queryRunner);
    if (written) written.rows.push(...rows);
    else this.writtenBy.set(queryRunner, { rows, savepointRolledBack: false });
  }

  /** Called by TypeORM after a COMMIT, and after releasing a savepoint (the transaction still open). */
  private committed(queryRunner: QueryRunner): void {
    if (queryRunner.isTransactionActive) return;
    const written = this.writtenBy.get(queryRunner);
    if (!written) return;
    this.writtenBy.delete(queryRunner);
    for (const row of written.rows) this.pending.delete(row.id);
    // Which rows a rolled-back savepoint took with it is not tracked: the loop reads what was committed.
    if (written.savepointRolledBack || this.backlog || this.stopping.signal.aborted) return this.relayFromTable();
    this.handOver(written.rows);
  }

  private rolledBack(queryRunner: QueryRunner): void {
    const written = this.writtenBy.get(queryRunner);
    if (!written) return;
    if (queryRunner.isTransactionActive) {
      written.savepointRolledBack = true;
      return;
    }
    // (a COMMIT whose answer was lost may have committed after all: the loop's poll finds such rows)
    this.writtenBy.delete(queryRunner);
    for (const row of written.rows) this.pending.delete(row.id);
  }

  private handOver(rows: OutboxRow[]): void {
    for (const row of rows) this.handedOver.add(row.id);
    const published = Promise.all(rows.map((row) => this.publish(row))).then(
      () => this.deleteSoon(rows.map((row) => row.id)),
      (error: unknown) => {
        for (const row of rows) this.handedOver.delete(row.id);
        this.logger.warn({ err: error, events: rows.length }, 'Publishing committed events failed; the relay retries');
        this.relayFromTable();
      },
    );
    this.publishing.add(published);
    void published.finally(() => this.publishing.delete(published));
  }

  /** Rows are waiting that no hand-over will publish: the loop takes them all, oldest first. */
  private relayFromTable(): void {
    this.backlog = true;
    this.backlogMarks += 1;
    this.loop.wake();
  }

  private deleteSoon(ids: string[]): void {
    this.toDelete.push(...ids);
    if (this.toDelete.length >= this.batchSize) void this.deleteHandedOver().catch(() => this.deleteLater(1000));
    else this.deleteLater(DELETE_DELAY_MS);
  }

  /**
   * Deletes what has gathered by then, unless a delete is already due sooner; a failed one is tried again a
   * second later. After shutdown's last try, rows left are deleted by whichever relay publishes them again.
   */
  private deleteLater(ms: number): void {
    if (this.stopping.signal.aborted) return;
    this.deleteTimer ??= setTimeout(() => void this.deleteHandedOver().catch(() => this.deleteLater(1000)), ms).unref();
  }

  /** Deletes the published rows gathered so far (one statement); on failure they are tried again later. */
  private async deleteHandedOver(): Promise<void> {
    clearTimeout(this.deleteTimer);
    this.deleteTimer = undefined;
    await this.deleting;
    const ids = this.toDelete;
    if (ids.length === 0) return;
    this.toDelete = [];
    const deleting = runPrepared(
      this.dataSource.manager,
      `DELETE FROM ${this.options.schema}.outbox WHERE id = ANY($1::bigint[])`,
      [ids],
    );
    this.deleting = deleting.then(
      () => undefined,
      () => undefined,
    );
    try {
      await deleting;
      for (const id of ids) this.handedOver.delete(id);
    } catch (error) {
      this.toDelete.unshift(...ids);
      throw error;
    }
  }

  private get batchSize(): number {
    return this.options.batchSize ?? 200;
  }

  /** One round of the loop: everything pending, then rest until a NOTIFY (or the fallback poll). */
  private async relay(): Promise<number> {
    const marks = this.backlogMarks;
    for (;;) {
      const published = await this.publishBatch();
      if (published < this.batchSize) break;
    }
    // Hand-overs resume once a round found the table empty with no new backlog meanwhile, so that events
    // left waiting are not overtaken by newer ones.
    if (this.backlogMarks === marks) this.backlog = false;
    return this.options.pollIntervalMs ?? 1000;
  }

  /**
   * Takes a batch off the table and publishes it in one transaction: the claim deletes the rows it locks, so a
   * batch is three round trips (claim, publish, commit). A failed publish rolls the delete back, and the rows
   * are counted as tried. Rows this relay is publishing or deleting, or is about to be handed, are left out,
   * and so are rows handed to another relay that is alive (it holds the advisory lock on their key).
   */
  private async publishBatch(): Promise<number> {
    let claimed: OutboxRow[] = [];
    try {
      return await this.dataSource.transaction(async (manager) => {
        claimed = await queryPrepared<OutboxRow>(
          manager,
          `DELETE FROM ${this.options.schema}.outbox WHERE id IN (
             SELECT id FROM ${this.options.schema}.outbox
             WHERE id <> ALL($2::bigint[])
               AND (relay_owner IS NULL OR relay_owner = $3 OR NOT EXISTS (
                 SELECT 1 FROM pg_locks l
                 WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = $4::int::oid
                   AND l.objid = relay_owner::oid
                   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())))
             ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING id, event_name, payload, trace_context`,
          [this.batchSize, [...this.handedOver, ...this.pending], this.key, RELAY_LOCK_SPACE],
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
        // announced rows were written outside a relayed transaction: nobody hands them over
        client.on('notification', () => this.relayFromTable());
        const closed = new Promise<void>((resolve) => {
          client.on('error', () => resolve());
          client.on('end', () => resolve());
        });
        await client.query(`LISTEN "${notifyChannel(this.options.schema)}"`);
        // held for the connection's life: while it is, other relays leave this one's rows to it
        await client.query('SELECT pg_advisory_lock($1, $2)', [RELAY_LOCK_SPACE, this.key]);
        this.keyLocked = true;
        await closed;
      } catch (error) {
        this.logger.warn({ err: error }, 'Outbox listener lost its connection; polling until it is back');
      }
      // Without the lock other relays may take rows handed to this one: they are published twice at worst.
      this.keyLocked = false;
      await client.end().catch(() => undefined);
      await pause(LISTENER_RECONNECT_MS, this.stopping.signal);
    }
  }
}
