import { EntityManager } from 'typeorm';
import { queryPrepared } from './prepared-statements';

/** DDL for a service's migration: the events it has already handled, pruned by age (ProcessedEventsRetention). */
export function processedEventsTableSql(schema: string): string[] {
  return [
    `CREATE TABLE ${schema}.processed_events (
      event_id uuid PRIMARY KEY,
      processed_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX processed_events_processed_at_idx ON ${schema}.processed_events (processed_at)`,
  ];
}

/**
 * Records that an event is being handled, in the handler's transaction. Returns false when it was
 * handled before (a redelivery): the caller then skips its effect. Committed with the effect, so a
 * crash before commit leaves the event unrecorded and it is handled again.
 */
export async function claimEvent(manager: EntityManager, schema: string, eventId: string): Promise<boolean> {
  const rows = await queryPrepared(
    manager,
    `INSERT INTO ${schema}.processed_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id`,
    [eventId],
  );
  return rows.length === 1;
}
