/**
 * `npm start`: the whole service desk from one terminal. Creates `.env` on first run, makes sure Postgres and
 * RabbitMQ answer (starting them with Docker if it can), checks its ports are free, creates the database if
 * missing, builds if the sources changed, migrates, starts a Telegram sandbox when there is no bot token, then
 * runs the three services with prefixed logs. Ctrl-C stops everything cleanly.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { environmentWithDotEnv } from '../libs/config/src/load-config';
import { startSandbox } from './sandbox/sandbox';
import { ensureLocalServices } from './stack/ensure-local-services';
import { LaunchStopped } from './stack/launch-stopped';
import { launcherPorts, portTakenMessage, takenPorts } from './stack/ports';
import { ROOT, Stack, build, buildIsStale, ensureDatabase, migrate } from './stack/stack';
import { colourWanted, paint } from './stack/terminal';

const log = (line: string) => process.stdout.write(`${line}\n`);
const { bold } = paint();

/** First run: a `.env` from `.env.example` with a fresh JWT secret and admin password; returns that password. */
function createDotEnvIfMissing(): string | undefined {
  const path = join(ROOT, '.env');
  if (existsSync(path) || process.env.ENV_FILE) return undefined;
  const adminPassword = randomBytes(18).toString('base64url');
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8')
    .replace(/^JWT_SECRET=.*$/m, `JWT_SECRET=${randomBytes(48).toString('base64url')}`)
    .replace(/^ADMIN_PASSWORD=.*$/m, `ADMIN_PASSWORD=${adminPassword}`)
    .replace(/^LOG_PRETTY=.*$/m, 'LOG_PRETTY=true');
  writeFileSync(path, text, { mode: 0o600 });
  log('Created .env with a fresh JWT secret and admin password (edit it to taste).');
  return adminPassword;
}

/** The banner's admin line: the login, and the password on first run or else where it is written. */
function adminLogin(env: NodeJS.ProcessEnv, createdPassword: string | undefined): string {
  if (createdPassword) return `${env.ADMIN_EMAIL}  password ${bold(createdPassword)} (kept in .env as ADMIN_PASSWORD)`;
  if (process.env.ADMIN_PASSWORD) return `${env.ADMIN_EMAIL}  password: ADMIN_PASSWORD in your environment`;
  const file = relative(process.cwd(), join(process.cwd(), process.env.ENV_FILE ?? '.env')) || '.env';
  return `${env.ADMIN_EMAIL}  password: ADMIN_PASSWORD in ${file}`;
}

async function main(): Promise<void> {
  const createdPassword = createDotEnvIfMissing();
  const env: NodeJS.ProcessEnv = { ...environmentWithDotEnv(process.env) };
  env.LOG_PRETTY ??= 'true';
  // The services' own (pretty) logs follow the launcher: colour at a terminal, plain text into a file.
  if (colourWanted()) env.FORCE_COLOR ??= '1';
  else env.NO_COLOR = '1';
  if (!env.DATABASE_URL || !env.RABBITMQ_URL)
    throw new LaunchStopped(['DATABASE_URL and RABBITMQ_URL must be set (see .env.example)']);

  await ensureLocalServices(env, ROOT, log);
  const withSandbox = !env.TELEGRAM_BOT_TOKEN;
  const taken = await takenPorts(launcherPorts(env, withSandbox));
  if (taken.length > 0) throw new LaunchStopped(taken);

  await ensureDatabase(env.DATABASE_URL, log);
  if (buildIsStale()) await build(log);

  const sandboxPort = Number(env.SANDBOX_PORT ?? 8080);
  const sandbox = withSandbox
    ? await startSandbox(sandboxPort).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EADDRINUSE') throw error;
        throw new LaunchStopped([portTakenMessage({ port: sandboxPort, host: '127.0.0.1', variable: 'SANDBOX_PORT' })]);
      })
    : undefined;
  if (sandbox) {
    Object.assign(env, {
      TELEGRAM_BOT_TOKEN: sandbox.token,
      TELEGRAM_API_ROOT: sandbox.apiRoot,
      TELEGRAM_MODE: 'polling',
    });
  }

  log('Running migrations…');
  await migrate(env);

  const stack = new Stack(env, log);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('Stopping the service desk…');
    const codes = await stack.stop();
    await sandbox?.stop();
    log(
      `Stopped (${Object.entries(codes)
        .map(([name, exit]) => `${name}: ${exit}`)
        .join(', ')}).`,
    );
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  await stack.start((name, code) => {
    log(`${name} exited unexpectedly (code ${code}); stopping the rest.`);
    void stop(1);
  });

  const gateway = `http://localhost:${env.GATEWAY_PORT ?? 3000}`;
  log('');
  log(bold('The service desk is running.'));
  log(`  REST API         ${gateway}`);
  log(`  Agent console    ${bold(`${gateway}/console/`)}`);
  log(`  Swagger UI       ${gateway}/docs`);
  log(`  Admin login      ${adminLogin(env, createdPassword)}`);
  if (sandbox) log(`  Telegram sandbox ${bold(`http://localhost:${sandbox.port}`)}  (chat with the bot as a client)`);
  else log(`  Telegram         bot token set: write to your bot in Telegram (${env.TELEGRAM_MODE ?? 'polling'} mode)`);
  log(`Press Ctrl-C to stop. More detail in the logs: LOG_LEVEL=debug npm start`);
  log('');
}

main().catch((error: unknown) => {
  const lines = error instanceof LaunchStopped ? error.lines : [error instanceof Error ? error.message : String(error)];
  log(`npm start stopped: ${lines[0]}`);
  for (const line of lines.slice(1)) log(line);
  process.exit(1);
});
