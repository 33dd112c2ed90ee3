/**
 * `npm test`'s first step: Postgres and RabbitMQ must answer where the tests look for them, and `rabbitmqctl`
 * must run (each test file makes its own database and vhost, libs/testing). Otherwise one clear stop, saying
 * what is missing and how to install it, instead of a stack trace in every test file.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ADMIN_DATABASE_URL, RABBITMQ_HOST_URL } from '../libs/testing/src/test-environment';
import { describeMissing, installInstructions, localServices, missingServices } from './stack/local-services';

const run = promisify(execFile);
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const services = localServices(ADMIN_DATABASE_URL, RABBITMQ_HOST_URL, {
    postgres: 'TEST_ADMIN_DATABASE_URL',
    rabbitmq: 'TEST_RABBITMQ_URL',
  });
  const missing = await missingServices(services);
  if (missing.length > 0) {
    say(`npm test stopped: ${describeMissing(missing)}.`);
    for (const line of installInstructions(missing)) say(line);
    say(
      '(The tests need them on this machine, not in Docker: each test file creates its own RabbitMQ vhost with rabbitmqctl.)',
    );
    return 1;
  }
  const rabbitmqctl = await run('rabbitmqctl', ['-q', 'status'], { timeout: 30_000 }).then(
    () => undefined,
    (error: NodeJS.ErrnoException & { stderr?: string }) =>
      error.code === 'ENOENT'
        ? 'rabbitmqctl is not on PATH'
        : `rabbitmqctl does not work here: ${(error.stderr ?? error.message).trim().split('\n')[0]}`,
  );
  if (rabbitmqctl) {
    say(
      `npm test stopped: ${rabbitmqctl}. The tests create a RabbitMQ vhost per test file with it (run them as a user who may, e.g. root or one in the rabbitmq group).`,
    );
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`npm test stopped: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
