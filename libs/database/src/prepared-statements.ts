import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { DataSource, EntityManager, QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * Runs a statement as a named prepared statement: Postgres parses and analyses it once per connection
 * instead of on every call, and may keep a generic plan. TypeORM's `query` cannot name a statement, so each
 * call of a hot path's statement paid for that again; for the claims that walk a queue's heads, planning cost
 * four to six times what running them did (bench/README.md, issue 20). The name is the text's digest, so two
 * call sites of one text share a statement and no two texts share a name.
 *
 * Inside a transaction (`manager` from `dataSource.transaction`) it runs on the transaction's connection;
 * otherwise on any pooled one. A failure is a TypeORM `QueryFailedError`, as `manager.query` throws, so the
 * callers' checks of SQLSTATEs keep working. Not for statements whose best plan depends on the values
 * (a search's words): those are planned anew through `manager.query`.
 */
export async function runPrepared<Row = QueryResultRow>(
  runner: EntityManager | DataSource,
  text: string,
  values: readonly unknown[] = [],
  { prepare = true } = {},
): Promise<{ rows: Row[]; rowCount: number | null }> {
  const config = { name: prepare ? statementName(text) : undefined, text, values: values as unknown[] };
  const queryRunner = runner instanceof DataSource ? undefined : runner.queryRunner;
  try {
    if (queryRunner) {
      // A transaction's runner that TypeORM released (its connection died) fails as TypeORM's `query` would.
      if (queryRunner.isReleased) throw new QueryRunnerAlreadyReleasedError();
      const client = (await (queryRunner as PostgresQueryRunner).connect()) as PoolClient;
      return (await client.query(config)) as QueryResult as { rows: Row[]; rowCount: number | null };
    }
    const pool = (runner instanceof DataSource ? runner : runner.connection).driver as PostgresDriver;
    return (await (pool.master as Pool).query(config)) as QueryResult as { rows: Row[]; rowCount: number | null };
  } catch (error) {
    throw error instanceof Error && 'severity' in error ? new QueryFailedError(text, config.values, error) : error;
  }
}

/** The rows of `runPrepared`; with `prepare: false`, the same path unnamed (planned anew each time). */
export async function queryPrepared<Row = QueryResultRow>(
  runner: EntityManager | DataSource,
  text: string,
  values: readonly unknown[] = [],
  options: { prepare?: boolean } = {},
): Promise<Row[]> {
  return (await runPrepared<Row>(runner, text, values, options)).rows;
}

/** Names by text; the texts are the code's own constants and the list's shapes, so the map stays small. */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `s-${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}
