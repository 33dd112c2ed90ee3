import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';

/**
 * Creates the service's schema and runs its pending migrations under a Postgres advisory lock, so
 * replicas starting together (or a migration Job racing a service) never run one migration twice.
 */
export async function runMigrations(dataSource: DataSource, schema: string): Promise<string[]> {
  const logger = new Logger('Migrations');
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    // Only when missing: even IF NOT EXISTS needs CREATE on the database, which a service's own role
    // (owner of its schema, nothing more) does not have.
    const [{ exists }]: { exists: boolean }[] = await runner.query(
      'SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists',
      [schema],
    );
    if (!exists) await runner.query(`CREATE SCHEMA ${schema}`);
    const done = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of done) logger.log(`Applied ${migration.name} to schema ${schema}`);
    return done.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}

/** Opens a short-lived connection for the schema's migrations: the `migrate` command and service start. */
export async function migrateSchema(options: DataSourceOptions, schema: string): Promise<string[]> {
  const dataSource = await new DataSource(options).initialize();
  try {
    return await runMigrations(dataSource, schema);
  } finally {
    await dataSource.destroy();
  }
}
