import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const TABLE = `auth.idempotency_keys`;
/** How long a key's first result is kept (and the key cannot be used for another request). */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

export type Claim =
  /** the key is new (or its 24 h are over): handle the request, then `complete` or `release` */
  | { kind: 'claimed' }
  /** the first request with this key and body finished: answer what it answered */
  | { kind: 'done'; statusCode: number; response: unknown }
  /** the first request with this key is still being handled */
  | { kind: 'in-progress' }
  /** the key was used for another request */
  | { kind: 'reused' };

/** The first result of each request an employee sent with an Idempotency-Key, kept in Postgres for 24 h. */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly dataSource: DataSource) {}

  async claim(employeeId: number, key: string, requestHash: string): Promise<Claim> {
    // A key older than its TTL is taken over as if new; otherwise the row decides, under its lock.
    const claimed: unknown[] = await this.dataSource.query(
      `INSERT INTO ${TABLE} AS k (employee_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (employee_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response = NULL, created_at = now()
         WHERE k.created_at < now() - make_interval(hours => $4)
       RETURNING 1`,
      [employeeId, key, requestHash, IDEMPOTENCY_KEY_TTL_HOURS],
    );
    if (claimed.length === 1) return { kind: 'claimed' };
    const [row]: { request_hash: string; status_code: number | null; response: unknown }[] =
      await this.dataSource.query(
        `SELECT request_hash, status_code, response FROM ${TABLE} WHERE employee_id = $1 AND key = $2`,
        [employeeId, key],
      );
    if (!row) return this.claim(employeeId, key, requestHash); // released meanwhile
    if (row.request_hash !== requestHash) return { kind: 'reused' };
    if (row.status_code === null) return { kind: 'in-progress' };
    return { kind: 'done', statusCode: row.status_code, response: row.response };
  }

  async complete(employeeId: number, key: string, statusCode: number, response: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${TABLE} SET status_code = $3, response = $4 WHERE employee_id = $1 AND key = $2`,
      [employeeId, key, statusCode, JSON.stringify(response ?? null)],
    );
  }

  /** The request failed: the key may be used again (a retry of the same request runs it again). */
  async release(employeeId: number, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM ${TABLE} WHERE employee_id = $1 AND key = $2 AND status_code IS NULL`, [
      employeeId,
      key,
    ]);
  }
}
