import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './free-port';

const run = promisify(execFile);

/** Where the machine's Postgres and RabbitMQ are; a test never touches their default database or vhost. */
export const ADMIN_DATABASE_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const RABBITMQ_HOST_URL = process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
/**
 * How much the services under test log: nothing by default, so a passing run prints only its verdicts (a test
 * asserts what went wrong; it does not print it). `TEST_LOG_LEVEL=warn npx jest <file>` to read them.
 */
export const TEST_LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';

/** The first admin the services seed when started with `processEnv`. */
export const TEST_ADMIN = { email: 'admin@desk.test', password: 'correct horse battery' };

/**
 * A database and a RabbitMQ vhost of its own for one test file, so concurrent files and runs never see
 * each other's data or queues. Dropped by `dispose()`.
 */
export class TestEnvironment {
  private constructor(
    readonly name: string,
    readonly databaseUrl: string,
    readonly rabbitUrl: string,
  ) {}

  static async create(): Promise<TestEnvironment> {
    const name = `desk_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    // rabbitmqctl starts an Erlang VM each time (about a second), so the database is made meanwhile.
    await Promise.all([
      withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`)),
      rabbitmqctl('add_vhost', name).then(() => rabbitmqctl('set_permissions', '-p', name, 'guest', '.*', '.*', '.*')),
    ]);
    const database = new URL(ADMIN_DATABASE_URL);
    database.pathname = `/${name}`;
    return new TestEnvironment(name, database.toString(), `${RABBITMQ_HOST_URL}/${encodeURIComponent(name)}`);
  }

  /** The variables every service reads, pointed at this environment. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { DATABASE_URL: this.databaseUrl, RABBITMQ_URL: this.rabbitUrl, LOG_LEVEL: TEST_LOG_LEVEL, ...extra };
  }

  /**
   * The variables of the three services run as processes (from dist/) over this environment, against the Bot
   * API at `telegram`: ports of their own, no .env file read, TEST_ADMIN seeded; `extra` adds or overrides.
   */
  async processEnv(
    telegram: { token: string; apiRoot: string },
    extra: NodeJS.ProcessEnv = {},
  ): Promise<{ env: NodeJS.ProcessEnv; gatewayPort: number }> {
    const [gatewayPort, botPort, ticketPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ENV_FILE: '/nonexistent/.env',
      ...this.env({ LOG_LEVEL: 'warn' }),
      GATEWAY_PORT: String(gatewayPort),
      BOT_PORT: String(botPort),
      TICKET_SERVICE_PORT: String(ticketPort),
      JWT_SECRET: 'test-jwt-secret-0123456789abcdef-0123456789',
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_MODE: 'polling',
      ...extra,
    };
    return { env, gatewayPort };
  }

  // ---- faults, for tests and the chaos run: each touches only this environment ----

  /** RabbitMQ closes every AMQP connection of this vhost (320 CONNECTION-FORCED), as an operator or a failover would. */
  async closeRabbitConnections(): Promise<void> {
    await rabbitmqctl('close_all_connections', '--vhost', this.name, 'fault injected by a test');
  }

  /** Postgres terminates every backend connected to this database; returns how many. */
  async terminateDatabaseBackends(): Promise<number> {
    const { rows } = await withAdmin((admin) =>
      admin.query(
        'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [this.name],
      ),
    );
    return rows[0].n as number;
  }

  async dispose(): Promise<void> {
    if (!this.name.includes('test')) throw new Error(`Refusing to drop ${this.name}: not a test database`);
    await Promise.all([
      rabbitmqctl('delete_vhost', this.name).catch(() => undefined),
      withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${this.name}" WITH (FORCE)`)),
    ]);
  }
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function rabbitmqctl(...args: string[]): Promise<void> {
  await run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 });
}
