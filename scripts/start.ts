/**
 * `npm start`: the whole service desk from one terminal. Creates `.env` on first run, the database if
 * missing, builds if the sources changed, migrates, starts a Telegram sandbox when there is no bot token,
 * then runs the three services with prefixed logs. Ctrl-C stops everything cleanly.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentWithDotEnv } from '../libs/config/src/load-config';
import { startSandbox } from './sandbox/sandbox';
import { ROOT, Stack, build, buildIsStale, ensureDatabase, migrate } from './stack/stack';

const log = (line: string) => process.stdout.write(`${line}\n`);
const bold = (text: string) => `\x1b[1m${text}\x1b[0m`;

/** First run: a `.env` from `.env.example` with a fresh JWT secret and admin password. */
function createDotEnvIfMissing(): void {
  const path = join(ROOT, '.env');
  if (existsSync(path) || process.env.ENV_FILE) return;
  const adminPassword = randomBytes(18).toString('base64url');
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8')
    .replace(/^JWT_SECRET=.*$/m, `JWT_SECRET=${randomBytes(48).toString('base64url')}`)
    .replace(/^ADMIN_PASSWORD=.*$/m, `ADMIN_PASSWORD=${adminPassword}`)
    .replace(/^LOG_PRETTY=.*$/m, 'LOG_PRETTY=true');
  writeFileSync(path, text, { mode: 0o600 });
  log(`Created .env with a fresh JWT secret and admin password ${bold(adminPassword)} (edit it to taste).`);
}

async function main(): Promise<void> {
  createDotEnvIfMissing();
  const env: NodeJS.ProcessEnv = { ...environmentWithDotEnv(process.env) };
  env.LOG_PRETTY ??= 'true';
  if (!env.DATABASE_URL || !env.RABBITMQ_URL) throw new Error('DATABASE_URL and RABBITMQ_URL must be set (see .env.example)');

  await ensureDatabase(env.DATABASE_URL, log);
  if (buildIsStale()) await build(log);

  const sandbox = env.TELEGRAM_BOT_TOKEN ? undefined : await startSandbox(Number(env.SANDBOX_PORT ?? 8080));
  if (sandbox) {
    Object.assign(env, { TELEGRAM_BOT_TOKEN: sandbox.token, TELEGRAM_API_ROOT: sandbox.apiRoot, TELEGRAM_MODE: 'polling' });
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
    log(`Stopped (${Object.entries(codes).map(([name, exit]) => `${name}: ${exit}`).join(', ')}).`);
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
  log(`  Admin login      ${env.ADMIN_EMAIL} (password in .env)`);
  if (sandbox) log(`  Telegram sandbox ${bold(`http://localhost:${sandbox.port}`)}  (chat with the bot as a client)`);
  else log(`  Telegram         bot token set: write to your bot in Telegram (${env.TELEGRAM_MODE ?? 'polling'} mode)`);
  log('Press Ctrl-C to stop.');
  log('');
}

main().catch((error: unknown) => {
  log(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
