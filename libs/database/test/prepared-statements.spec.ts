import { DataSource, QueryFailedError } from 'typeorm';
import { TestEnvironment, eventually } from '@app/testing';
import { isConnectionLoss, queryPrepared, runPrepared } from '@app/database';

/** The hot paths' statements, prepared once per connection, behave as TypeORM's `query` did for their callers. */
describe('prepared statements', () => {
  let environment: TestEnvironment;
  let db: DataSource;

  beforeAll(async () => {
    environment = await TestEnvironment.create();
    db = await new DataSource({ type: 'postgres', url: environment.databaseUrl, poolSize: 2 }).initialize();
    await db.query('CREATE TABLE notes (id int PRIMARY KEY, text text NOT NULL)');
  });

  afterAll(async () => {
    await db.destroy();
    await environment.dispose();
  });

  const INSERT = 'INSERT INTO notes (id, text) VALUES ($1, $2) RETURNING id, text';

  it('runs one text many times, on the pool and in a transaction, and Postgres keeps it prepared', async () => {
    for (let id = 1; id <= 3; id += 1) {
      expect(await queryPrepared(db, INSERT, [id, `note ${id}`])).toEqual([{ id, text: `note ${id}` }]);
    }
    await db.transaction(async (manager) => {
      await queryPrepared(manager, INSERT, [4, 'in a transaction']);
      const { rows } = await runPrepared<{ n: number }>(
        manager,
        // the transaction's own connection sees its uncommitted row
        'SELECT count(*)::int AS n FROM notes WHERE id = $1',
        [4],
      );
      expect(rows).toEqual([{ n: 1 }]);
      const prepared: { statement: string }[] = await manager.query('SELECT statement FROM pg_prepared_statements');
      expect(prepared.map((row) => row.statement)).toEqual(expect.arrayContaining([INSERT]));
    });
    expect(await db.query('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 4 }]);
  });

  it('rolls back with the transaction it ran in', async () => {
    await expect(
      db.transaction(async (manager) => {
        await runPrepared(manager, INSERT, [10, 'undone']);
        throw new Error('the caller gives up');
      }),
    ).rejects.toThrow('the caller gives up');
    expect(await queryPrepared(db, 'SELECT id FROM notes WHERE id = $1', [10])).toEqual([]);
  });

  it('fails as TypeORM would: a QueryFailedError with the SQLSTATE, and a lost connection is still recognised', async () => {
    const duplicate = await queryPrepared(db, INSERT, [1, 'again']).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(QueryFailedError);
    expect((duplicate as { code?: string }).code).toBe('23505');

    const lost = await db
      .transaction(async (manager) => {
        const [{ pid: own }] = await queryPrepared<{ pid: number }>(manager, 'SELECT pg_backend_pid() AS pid');
        await queryPrepared(db, 'SELECT pg_terminate_backend($1)', [own]);
        await queryPrepared(manager, 'SELECT 1');
      })
      .catch((error: unknown) => error);
    expect(isConnectionLoss(lost)).toBe(true);
  });

  it('calls a transaction whose connection Postgres ended between two statements a lost connection, not a bug', async () => {
    // what a reply met in the fault run: TypeORM released the runner, and the next statement said so
    const lost = await db
      .transaction(async (manager) => {
        const [{ pid }]: { pid: number }[] = await manager.query('SELECT pg_backend_pid() AS pid');
        await db.query('SELECT pg_terminate_backend($1)', [pid]);
        await eventually(async () => manager.queryRunner?.isReleased || undefined, { timeoutMs: 5000 });
        await manager.query('SELECT 1');
      })
      .catch((error: unknown) => error);
    expect(isConnectionLoss(lost)).toBe(true);
  });
});
