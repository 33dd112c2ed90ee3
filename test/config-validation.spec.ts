import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv, promisify } from 'node:util';
import { ROOT } from '../scripts/stack/stack';

const run = promisify(execFile);

/** The values our examples ship with: someone who copies one and forgets a line must not get a desk that starts. */
const dotEnvExample = parseEnv(readFileSync(join(ROOT, '.env.example'), 'utf8'));
const k8sExample = Object.fromEntries(
  [...readFileSync(join(ROOT, 'infra/k8s/secrets.example.yaml'), 'utf8').matchAll(/^\s+([A-Z_]+): "([^"]*)"$/gm)].map(
    ([, name, value]) => [name, value],
  ),
);
const WEBHOOK = { TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_URL: 'https://desk.example.com/telegram/webhook' };

/** A service started with a bad environment stops at once, with one line that names the variable. */
describe('config validation at start', () => {
  it.each([
    ['api-gateway', { JWT_SECRET: undefined }, 'JWT_SECRET is required'],
    ['api-gateway', { GATEWAY_PORT: 'eighty' }, 'GATEWAY_PORT: Expected number'],
    ['ticket-service', { DATABASE_URL: 'mysql://localhost/desk' }, 'DATABASE_URL: must be a postgres:// URL'],
    ['bot-service', { TELEGRAM_MODE: 'webhook' }, 'TELEGRAM_WEBHOOK_URL: is required in webhook mode'],
    // security: placeholders and weak secrets are refused, and tokens live at most a day
    ['api-gateway', { JWT_SECRET: dotEnvExample.JWT_SECRET }, 'JWT_SECRET: is a placeholder from an example'],
    [
      'api-gateway',
      { ADMIN_PASSWORD: dotEnvExample.ADMIN_PASSWORD },
      'ADMIN_PASSWORD: is a placeholder from an example',
    ],
    ['api-gateway', { JWT_SECRET: k8sExample.JWT_SECRET }, 'JWT_SECRET: is a placeholder from an example'],
    ['api-gateway', { ADMIN_PASSWORD: k8sExample.ADMIN_PASSWORD }, 'ADMIN_PASSWORD: is a placeholder from an example'],
    [
      'bot-service',
      { ...WEBHOOK, TELEGRAM_WEBHOOK_SECRET: k8sExample.TELEGRAM_WEBHOOK_SECRET },
      'TELEGRAM_WEBHOOK_SECRET: is a placeholder',
    ],
    ['api-gateway', { JWT_SECRET: 'abababababababababababababababababababab' }, 'JWT_SECRET: is too predictable'],
    ['api-gateway', { ADMIN_PASSWORD: 'aaaaaaaaaaaaaaaa' }, 'ADMIN_PASSWORD: is too predictable'],
    [
      'bot-service',
      { ...WEBHOOK, TELEGRAM_WEBHOOK_SECRET: '0000000000000000' },
      'TELEGRAM_WEBHOOK_SECRET: is too predictable',
    ],
    ['api-gateway', { JWT_EXPIRES_IN: '30d' }, 'JWT_EXPIRES_IN: must be at most 24h'],
    [
      'ticket-service',
      { BUSINESS_HOURS: 'Europe/Moskow Mon-Fri 09:00-18:00' },
      'BUSINESS_HOURS: "Europe/Moskow" is not an IANA time zone',
    ],
    [
      'ticket-service',
      { BUSINESS_HOURS: 'Europe/Moscow Mon-Fri 9-18' },
      'BUSINESS_HOURS: "Mon-Fri 9-18" is not like "Mon-Fri 09:00-18:00"',
    ],
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

    const failure = await run(process.execPath, [`dist/apps/${service}/main.js`], {
      cwd: ROOT,
      env,
      timeout: 20_000,
    }).then(
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
