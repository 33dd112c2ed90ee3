import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LaunchStopped } from './launch-stopped';
import {
  canStartHere,
  describeMissing,
  dockerComposeWorks,
  installInstructions,
  localServices,
  missingServices,
  startFromCompose,
} from './local-services';
import { LineSink } from './service-process';

/**
 * `npm start` needs Postgres and RabbitMQ. When one does not answer: say which, and take the shortest way
 * there, i.e. start it from infra/docker-compose.yml when Docker works (this run then uses it), else stop with
 * the lines that install it. When it started something, `env` and `.env` get its URL (Docker's credentials),
 * so the next run finds it with the right ones.
 */
export async function ensureLocalServices(env: NodeJS.ProcessEnv, root: string, sink: LineSink): Promise<void> {
  const missing = await missingServices(localServices(env.DATABASE_URL!, env.RABBITMQ_URL!));
  if (missing.length === 0) return;
  const problem = describeMissing(missing);
  if (!canStartHere(missing)) throw new LaunchStopped([`${problem}. Check the URL, or that the server is up.`]);
  if (!(await dockerComposeWorks())) {
    throw new LaunchStopped([
      `${problem}.`,
      ...installInstructions(missing),
      'Or install Docker with its compose plugin (and have its daemon running): npm start then starts what is missing from infra/docker-compose.yml.',
    ]);
  }
  sink(`${problem}.`);
  const urls = await startFromCompose(missing, root, sink);
  Object.assign(env, urls);
  const dotEnv = resolve(process.cwd(), process.env.ENV_FILE ?? '.env');
  for (const [variable, url] of Object.entries(urls)) {
    const saved = !process.env[variable] && existsSync(dotEnv) && setInDotEnv(dotEnv, variable, url);
    sink(`Using ${variable}=${url}${saved ? ` (saved in ${dotEnv})` : ' (put it in .env to keep it)'}.`);
  }
}

/** Replaces (or adds) `variable=` in a dotenv file; false when it cannot write there. */
function setInDotEnv(path: string, variable: string, value: string): boolean {
  const text = readFileSync(path, 'utf8');
  const line = new RegExp(`^${variable}=.*$`, 'm');
  try {
    writeFileSync(
      path,
      line.test(text) ? text.replace(line, `${variable}=${value}`) : `${text.trimEnd()}\n${variable}=${value}\n`,
    );
    return true;
  } catch {
    return false;
  }
}
