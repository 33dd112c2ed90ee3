import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TestEnvironment, eventually, freePort } from '@app/testing';

const ROOT = resolve(__dirname, '..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

/**
 * `npm start` (scripts/start.ts) as a newcomer meets it when something is in the way, its output captured as a
 * file would be: no terminal, so no colour codes. The checks run before the database, the build or any service,
 * so these runs stop within seconds and touch nothing.
 */
function npmStart(env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [TSX, 'scripts/start.ts'],
      {
        cwd: ROOT,
        // No docker on this PATH (an empty directory): the outcome must not depend on what this machine has.
        env: { PATH: mkdtempSync(join(tmpdir(), 'no-docker-')), ENV_FILE: '/nonexistent/.env', ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, output: stdout + stderr }),
    );
  });
}

async function holdPort(port: number, host: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}

describe('npm start, when something is in the way', () => {
  const held: Server[] = [];
  let ports: Record<'GATEWAY_PORT' | 'BOT_PORT' | 'TICKET_SERVICE_PORT' | 'SANDBOX_PORT', number>;

  beforeEach(async () => {
    const [gateway, bot, ticket, sandbox] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    ports = { GATEWAY_PORT: gateway, BOT_PORT: bot, TICKET_SERVICE_PORT: ticket, SANDBOX_PORT: sandbox };
  });

  afterEach(async () => {
    await Promise.all(held.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const portVariables = () => Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)]));
  const reachable = {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/launcher_test_unused',
    RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
  };

  it('names the variable to change for every taken port, in one plain line each, and stops', async () => {
    held.push(await holdPort(ports.GATEWAY_PORT, '127.0.0.1'), await holdPort(ports.SANDBOX_PORT, '0.0.0.0'));

    const { code, output } = await npmStart({ ...reachable, ...portVariables() });

    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([
      `npm start stopped: port ${ports.GATEWAY_PORT} is taken: set GATEWAY_PORT (or stop what uses it), e.g. GATEWAY_PORT=${ports.GATEWAY_PORT + 100} npm start`,
      `port ${ports.SANDBOX_PORT} is taken: set SANDBOX_PORT (or stop what uses it), e.g. SANDBOX_PORT=${ports.SANDBOX_PORT + 100} npm start`,
    ]);
  });

  it('leaves the sandbox port alone when a bot token is set', async () => {
    held.push(await holdPort(ports.SANDBOX_PORT, '127.0.0.1'), await holdPort(ports.BOT_PORT, '127.0.0.1'));

    const { code, output } = await npmStart({ ...reachable, ...portVariables(), TELEGRAM_BOT_TOKEN: '123:abc' });

    expect(code).toBe(1);
    expect(output.trim()).toBe(
      `npm start stopped: port ${ports.BOT_PORT} is taken: set BOT_PORT (or stop what uses it), e.g. BOT_PORT=${ports.BOT_PORT + 100} npm start`,
    );
  });

  it('says which of Postgres and RabbitMQ does not answer, and how to install it without Docker', async () => {
    const closedPort = await freePort();

    const { code, output } = await npmStart({
      ...reachable,
      ...portVariables(),
      DATABASE_URL: `postgres://postgres@127.0.0.1:${closedPort}/servicedesk`,
    });

    expect(code).toBe(1);
    const lines = output.trim().split('\n');
    expect(lines[0]).toBe(`npm start stopped: Postgres does not answer at 127.0.0.1:${closedPort} (DATABASE_URL).`);
    expect(lines).toEqual(
      expect.arrayContaining(['  Debian/Ubuntu:', '    sudo apt-get install -y postgresql', '  macOS (Homebrew):']),
    );
    expect(output).toContain('infra/docker-compose.yml');
    expect(output).not.toMatch(/rabbitmq/i);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('with Docker, starts the missing one from infra/docker-compose.yml, on the port its URL names, and saves its URL in .env', async () => {
    const closedPort = await freePort();
    // A stand-in for docker that records its calls: this machine's Postgres stays as it is.
    const bin = mkdtempSync(join(tmpdir(), 'fake-docker-'));
    const calls = join(bin, 'calls.log');
    writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho "POSTGRES_HOST_PORT=$POSTGRES_HOST_PORT $*" >> ${calls}\n`);
    chmodSync(join(bin, 'docker'), 0o755);
    const dotEnv = join(bin, '.env');
    writeFileSync(dotEnv, `DATABASE_URL=postgres://postgres@127.0.0.1:${closedPort}/desk\nLOG_LEVEL=info\n`);

    const { RABBITMQ_URL } = reachable;
    const { output } = await npmStart({ RABBITMQ_URL, ...portVariables(), PATH: bin, ENV_FILE: dotEnv });

    const composeUp = `compose -f infra/docker-compose.yml -f infra/docker-compose.host-ports.yml up -d --wait postgres`;
    expect(readFileSync(calls, 'utf8')).toContain(`POSTGRES_HOST_PORT=${closedPort} ${composeUp}\n`);
    const dockerUrl = `postgres://servicedesk:servicedesk@127.0.0.1:${closedPort}/desk`;
    expect(output.split('\n').slice(0, 3)).toEqual([
      `Postgres does not answer at 127.0.0.1:${closedPort} (DATABASE_URL).`,
      `Starting Postgres with Docker: docker ${composeUp}`,
      `Using DATABASE_URL=${dockerUrl} (saved in ${dotEnv}).`,
    ]);
    expect(readFileSync(dotEnv, 'utf8')).toBe(`DATABASE_URL=${dockerUrl}\nLOG_LEVEL=info\n`);
  });
});

describe('npm start, the whole way to the banner', () => {
  let env: TestEnvironment;
  beforeAll(async () => {
    env = await TestEnvironment.create();
  });
  afterAll(async () => {
    await env?.dispose();
  });

  it('starts quietly into a file: the banner with the login and where its password is, no framework chatter, no colour codes', async () => {
    const [gateway, bot, ticket, sandbox] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const child = spawn(process.execPath, [TSX, 'scripts/start.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ENV_FILE: '/nonexistent/.env',
        ...env.env({ LOG_LEVEL: 'info' }),
        JWT_SECRET: 'launcher-test-secret-0123456789abcdef0123',
        ADMIN_EMAIL: 'admin@desk.test',
        ADMIN_PASSWORD: 'correct horse battery',
        GATEWAY_PORT: String(gateway),
        BOT_PORT: String(bot),
        TICKET_SERVICE_PORT: String(ticket),
        SANDBOX_PORT: String(sandbox),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await eventually(() => output.includes('Press Ctrl-C') || child.exitCode !== null, {
        timeoutMs: 180_000,
        message: 'the banner',
      });
      expect(output).toContain(`  REST API         http://localhost:${gateway}\n`);
      expect(output).toContain(`  Admin login      admin@desk.test  password: ADMIN_PASSWORD in your environment\n`);
      expect(output).toContain(`  Telegram sandbox http://localhost:${sandbox}  (chat with the bot as a client)\n`);
      expect(output).not.toContain('\x1b[');
      expect(output).not.toMatch(/dependencies initialized|Mapped \{|RoutesResolver|successfully started/);

      const home = await fetch(`http://127.0.0.1:${gateway}/`, { redirect: 'manual' });
      expect({ status: home.status, location: home.headers.get('location') }).toEqual({
        status: 302,
        location: '/console/',
      });
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  }, 240_000);
});
