/**
 * SQL that gives a service a Postgres role of its own, owning its schema and nothing else: it can run its
 * migrations and its queries there, and cannot read or write another service's schema. Run as a superuser
 * once per database (`scripts/least-privilege.ts` prints it for a deployment).
 */
export function serviceRoleSql(role: string, password: string, schema: string, database: string): string[] {
  const name = quoteIdentifier(role);
  return [
    `CREATE ROLE ${name} LOGIN PASSWORD ${quoteLiteral(password)}`,
    `GRANT CONNECT ON DATABASE ${quoteIdentifier(database)} TO ${name}`,
    `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)} AUTHORIZATION ${name}`,
  ];
}

/** The database's defaults tightened: only granted roles connect, and nobody creates objects in `public`. */
export function lockedDatabaseSql(database: string): string[] {
  return [
    `REVOKE ALL ON DATABASE ${quoteIdentifier(database)} FROM PUBLIC`,
    'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
  ];
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;
