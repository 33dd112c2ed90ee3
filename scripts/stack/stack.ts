import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { LineSink, ServiceProcess, ServiceSpec } from './service-process';

const run = promisify(execFile);
export const ROOT = resolve(__dirname, '..', '..');

export function serviceSpecs(env: NodeJS.ProcessEnv): ServiceSpec[] {
  const spec = (name: string, portVariable: string, fallback: number, color: number): ServiceSpec => {
    const port = Number(env[portVariable] ?? fallback);
    return {
      name,
      entry: `dist/apps/${name}/main.js`,
      healthUrl: `http://127.0.0.1:${port}/health/ready`,
      port,
      portVariable,
      color,
    };
  };
  return [
    spec('ticket-service', 'TICKET_SERVICE_PORT', 3002, 35),
    spec('api-gateway', 'GATEWAY_PORT', 3000, 36),
    spec('bot-service', 'BOT_PORT', 3001, 33),
  ];
}

/** Written by the build itself (the console's API types): newer than the services' output after every API change. */
const BUILD_OUTPUTS_IN_SOURCES = new Set([join(ROOT, 'apps/api-gateway/console/src/api/schema.d.ts')]);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (BUILD_OUTPUTS_IN_SOURCES.has(path)) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when some service has no build, or a source file is newer than it. */
export function buildIsStale(): boolean {
  const sources = Math.max(newestMtime(join(ROOT, 'apps')), newestMtime(join(ROOT, 'libs')));
  return serviceSpecs({}).some((spec) => {
    const entry = join(ROOT, spec.entry);
    return !existsSync(entry) || statSync(entry).mtimeMs < sources;
  });
}

export async function build(sink: LineSink): Promise<void> {
  sink('Building the services (npm run build)…');
  await run('npm', ['run', '--silent', 'build'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      // the compiler's own words, not just "exit code 1"
      sink(`${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n'));
      throw new Error('the build failed (its output is above)');
    },
  );
  // webpack leaves an output whose content did not change untouched, so after a change that leaves a bundle as
  // it was (a spec, a comment) the build would look stale forever and every start would build again
  const now = new Date();
  for (const spec of serviceSpecs({})) {
    const entry = join(ROOT, spec.entry);
    if (existsSync(entry)) utimesSync(entry, now, now);
  }
}

/** Creates the database named in DATABASE_URL if the server has no such database yet (local use). */
export async function ensureDatabase(databaseUrl: string, sink: LineSink): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      sink(`Created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

export async function migrate(env: NodeJS.ProcessEnv): Promise<void> {
  // Side by side: each service migrates only its own schema, under its own lock (libs/database/src/migrate.ts).
  await Promise.all(
    serviceSpecs(env).map((spec) => run(process.execPath, [spec.entry, 'migrate'], { cwd: ROOT, env })),
  );
}

/** The three services as processes, started in dependency order, stopped together. */
export class Stack {
  readonly services: ServiceProcess[];

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    sink: LineSink,
  ) {
    this.services = serviceSpecs(env).map((spec) => new ServiceProcess(spec, ROOT, sink));
  }

  async start(onUnexpectedExit: (name: string, code: number | null) => void, readyTimeoutMs = 60_000): Promise<void> {
    for (const service of this.services) service.start(this.env, (code) => onUnexpectedExit(service.spec.name, code));
    await Promise.all(this.services.map((service) => service.waitUntilReady(readyTimeoutMs)));
  }

  /** Stops all at once; resolves with each service's exit code. */
  async stop(): Promise<Record<string, number | null>> {
    const codes = await Promise.all(this.services.map((service) => service.stop()));
    return Object.fromEntries(this.services.map((service, i) => [service.spec.name, codes[i]]));
  }
}
