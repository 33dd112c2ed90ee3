import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from '../scripts/stack/stack';

const run = promisify(execFile);

/** A service started with a bad environment stops at once, with one line that names the variable. */
describe('config validation at start', () => {
  it.each([
    ['api-gateway', { JWT_SECRET: undefined }, 'JWT_SECRET is required'],
    ['api-gateway', { GATEWAY_PORT: 'eighty' }, 'GATEWAY_PORT: Expected number'],
    ['ticket-service', { DATABASE_URL: 'mysql://localhost/desk' }, 'DATABASE_URL: must be a postgres:// URL'],
    ['bot-service', { TELEGRAM_MODE: 'webhook' }, 'TELEGRAM_WEBHOOK_URL: is required in webhook mode'],
    ['ticket-service', { BUSINESS_HOURS: 'Europe/Moskow Mon-Fri 09:00-18:00' }, 'BUSINESS_HOURS: "Europe/Moskow" is not an IANA time zone'],
    ['ticket-service', { BUSINESS_HOURS: 'Europe/Moscow Mon-Fri 9-18' }, 'BUSINESS_HOURS: "Mon-Fri 9-18" is not like "Mon-Fri 09:00-18:00"'],
    ['ticket-service', { SLA_FIRST_RESPONSE_MINUTES: 'an hour' }, 'SLA_FIRST_RESPONSE_MINUTES: Expected number'],
    ['bot-service', { CSAT_ENABLED: 'yes' }, 'CSAT_ENABLED'],
  ])('%s with %j says "%s" and exits 1', async (service, change, expected) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ENV_FILE: '/nonexistent/.env',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/unused',
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
      JWT_SECRET: 'a-secret-of-at-least-thirty-two-characters',
      ADMIN_EMAIL: 'admin@desk.test',
      ADMIN_PASSWORD: 'long enough password',
      TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      ...change,
    };
    for (const [name, value] of Object.entries(change)) if (value === undefined) delete env[name];

    const failure = await run(process.execPath, [`dist/apps/${service}/main.js`], { cwd: ROOT, env, timeout: 20_000 }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    const lines = failure!.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: /);
    expect(lines[0]).toContain(expected);
  });
});
