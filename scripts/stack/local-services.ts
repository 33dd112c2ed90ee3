import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { LineSink } from './service-process';

const run = promisify(execFile);

/** Postgres or RabbitMQ as `npm start` and `npm test` need them: where they should answer, and how to get them. */
export interface LocalService {
  name: 'Postgres' | 'RabbitMQ';
  /** the variable holding its URL */
  variable: string;
  url: URL;
  /** its service in infra/docker-compose.yml, its URL there (published on loopback), the variable of that host port */
  compose: { service: string; url: string; hostPortVariable: string };
  install: { debian: string[]; macos: string[] };
}

export const COMPOSE_FILES = ['infra/docker-compose.yml', 'infra/docker-compose.host-ports.yml'];

/** The variables holding the two URLs: the services' own for `npm start`, libs/testing's for `npm test`. */
export const SERVICE_URL_VARIABLES = { postgres: 'DATABASE_URL', rabbitmq: 'RABBITMQ_URL' };

export function localServices(
  databaseUrl: string,
  rabbitmqUrl: string,
  variables = SERVICE_URL_VARIABLES,
): LocalService[] {
  // Debian's Postgres wants a password over TCP; Homebrew's trusts local connections but has no "postgres" role.
  const withPassword = new URL(databaseUrl);
  withPassword.username = 'postgres';
  withPassword.password = 'postgres';
  return [
    {
      name: 'Postgres',
      variable: variables.postgres,
      url: new URL(databaseUrl),
      compose: {
        service: 'postgres',
        url: 'postgres://servicedesk:servicedesk@127.0.0.1:5432/servicedesk',
        hostPortVariable: 'POSTGRES_HOST_PORT',
      },
      install: {
        debian: [
          'sudo apt-get install -y postgresql',
          `sudo -u postgres psql -c "ALTER USER postgres PASSWORD 'postgres'"   # then ${variables.postgres}=${withPassword}`,
        ],
        macos: ['brew install postgresql@16 && brew services start postgresql@16', 'createuser -s postgres'],
      },
    },
    {
      name: 'RabbitMQ',
      variable: variables.rabbitmq,
      url: new URL(rabbitmqUrl),
      compose: {
        service: 'rabbitmq',
        url: 'amqp://servicedesk:servicedesk@127.0.0.1:5672',
        hostPortVariable: 'RABBITMQ_HOST_PORT',
      },
      install: {
        debian: ['sudo apt-get install -y rabbitmq-server   # starts it, with guest/guest on localhost'],
        macos: ['brew install rabbitmq && brew services start rabbitmq'],
      },
    },
  ];
}

export const portOf = (service: LocalService) =>
  Number(service.url.port || (service.name === 'Postgres' ? 5432 : 5672));
const isLoopback = (host: string) => ['localhost', '127.0.0.1', '::1', '[::1]'].includes(host);

/** True when something accepts TCP connections at the service's host and port. */
export function answers(service: LocalService, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({
      host: service.url.hostname.replace(/^\[|\]$/g, ''),
      port: portOf(service),
      timeout: timeoutMs,
    });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

export async function missingServices(services: LocalService[]): Promise<LocalService[]> {
  const up = await Promise.all(services.map((service) => answers(service)));
  return services.filter((_, i) => !up[i]);
}

/** Docker with the compose plugin and a daemon that answers. */
export async function dockerComposeWorks(): Promise<boolean> {
  const works = (args: string[]) =>
    run('docker', args, { timeout: 15_000 }).then(
      () => true,
      () => false,
    );
  return (await works(['compose', 'version'])) && works(['info', '--format', '{{.ServerVersion}}']);
}

export function describeMissing(missing: LocalService[]): string {
  return missing
    .map(
      (service) =>
        `${service.name} does not answer at ${service.url.hostname}:${portOf(service)} (${service.variable})`,
    )
    .join('; ');
}

/** How to install what is missing, for the two systems people start from most. */
export function installInstructions(missing: LocalService[]): string[] {
  return [
    `Install and start ${missing.length > 1 ? 'them' : 'it'}, then run the command again:`,
    '  Debian/Ubuntu:',
    ...missing.flatMap((service) => service.install.debian.map((line) => `    ${line}`)),
    '  macOS (Homebrew):',
    ...missing.flatMap((service) => service.install.macos.map((line) => `    ${line}`)),
  ];
}

/** Only a service expected on this machine can be started here; a remote one is the operator's business. */
export const canStartHere = (missing: LocalService[]) => missing.every((service) => isLoopback(service.url.hostname));

/**
 * Starts the missing services from infra/docker-compose.yml, published on loopback at the ports their URLs name,
 * waits until they are healthy, and returns the URLs to use for them.
 */
export async function startFromCompose(
  missing: LocalService[],
  root: string,
  sink: LineSink,
): Promise<Record<string, string>> {
  const services = missing.map((service) => service.compose.service);
  const args = ['compose', ...COMPOSE_FILES.flatMap((file) => ['-f', file]), 'up', '-d', '--wait', ...services];
  sink(`Starting ${missing.map((service) => service.name).join(' and ')} with Docker: docker ${args.join(' ')}`);
  const env = {
    ...process.env,
    ...Object.fromEntries(missing.map((service) => [service.compose.hostPortVariable, String(portOf(service))])),
  };
  await run('docker', args, { cwd: root, env, timeout: 300_000 }).catch((error: { stderr?: string }) => {
    throw new Error(
      `docker compose could not start them: ${(error.stderr ?? '').trim().split('\n').slice(-5).join(' ')}`,
    );
  });
  return Object.fromEntries(
    missing.map((service) => {
      const url = new URL(service.compose.url);
      url.port = String(portOf(service));
      if (service.name === 'Postgres') url.pathname = service.url.pathname; // the database name the config asks for
      return [service.variable, url.toString()];
    }),
  );
}
