import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { EMULATOR_TOKEN, TelegramEmulator } from '@app/telegram-emulator';
import { TestEnvironment, freePort } from '@app/testing';
import { ServiceProcess } from '../../scripts/stack/service-process';
import { ROOT, build, buildIsStale, migrate, serviceSpecs } from '../../scripts/stack/stack';
import { profilesIn, summarizeProfile } from './cpu-profile';
import { RESULTS_DIR, log, printTable } from './report';
import { backgroundBusyPercent } from './resources';
import { calibrateMachine } from './machine';

export type ServiceName = 'ticket-service' | 'api-gateway' | 'bot-service';

export const ADMIN = { email: 'admin@bench.test', password: 'bench-admin-password' };
export const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

export interface BenchStackOptions {
  scenario: string;
  /** which services to run (each in its own process, from dist/, as `npm start` runs them) */
  services: ServiceName[];
  telegram?: TelegramEmulator;
  /** more variables for the services (e.g. TELEGRAM_MODE) */
  env?: Record<string, string>;
  /** runs after migrations, before the services start (e.g. seeding) */
  beforeStart?: (environment: TestEnvironment) => Promise<void>;
}

// Each distinct warning once: a repeated one (e.g. the emulator's abort listeners) would bury the tables.
const warned = new Set<string>();
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warned.has(warning.name)) return;
  warned.add(warning.name);
  log(`(warning, shown once) ${warning.name}: ${warning.message}`);
});

/** Work that must run however the scenario ends, Ctrl-C included. */
const cleanups = new Set<() => Promise<unknown>>();
process.once('SIGINT', () => {
  log('\nInterrupted: cleaning up…');
  void Promise.allSettled([...cleanups].map((cleanup) => cleanup())).then(() => process.exit(130));
});

export async function ensureFreshBuild(): Promise<void> {
  if (!buildIsStale()) return;
  try {
    await build(log);
  } catch (error) {
    // execFile's error carries the compiler's output; its message alone does not say what failed.
    const output = stripVTControlCharacters(String((error as { stdout?: string }).stdout ?? ''));
    const firstErrors = output
      .split('\n')
      .filter((line) => /ERROR|error TS/.test(line))
      .slice(0, 5);
    throw new Error(`npm run build failed:\n${firstErrors.join('\n') || output.slice(-2000)}`, { cause: error });
  }
}

/**
 * A scenario's own database and RabbitMQ vhost, migrated, with the services it needs started on free
 * ports through the stack launcher's ServiceProcess. BENCH_PROFILE=1 records a CPU profile of each.
 */
export class BenchStack {
  readonly processes: ServiceProcess[] = [];
  /** gateways started by startGatewayVariant */
  private readonly variants: ServiceProcess[] = [];
  readonly profileDir?: string;
  private readonly logTail: string[] = [];
  private crashed?: string;
  /** how busy the machine was, services started and idle, before any load: others' work shows here */
  idleBusyPercent = NaN;

  private constructor(
    readonly environment: TestEnvironment,
    readonly serviceEnv: NodeJS.ProcessEnv,
    readonly ports: { gateway: number; bot: number; ticket: number },
    scenario: string,
  ) {
    if (process.env.BENCH_PROFILE === '1') {
      this.profileDir = join(RESULTS_DIR, 'profiles', `${scenario}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    }
  }

  static async start(options: BenchStackOptions): Promise<BenchStack> {
    await ensureFreshBuild();
    await calibrateMachine((line) => log(`  ${line}`));
    const environment = await TestEnvironment.create();
    const cleanup = () => environment.dispose();
    cleanups.add(cleanup);
    const [gateway, bot, ticket] = await Promise.all([freePort(), freePort(), freePort()]);
    const telegram = options.telegram;
    const serviceEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ENV_FILE: '/nonexistent/.env',
      ...environment.env({ LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' }),
      GATEWAY_PORT: String(gateway),
      BOT_PORT: String(bot),
      TICKET_SERVICE_PORT: String(ticket),
      JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      TELEGRAM_BOT_TOKEN: telegram?.token ?? EMULATOR_TOKEN,
      TELEGRAM_API_ROOT: telegram?.apiRoot ?? 'http://127.0.0.1:9',
      TELEGRAM_MODE: 'polling',
      TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${bot}/telegram/webhook`,
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ...options.env,
      ...experimentEnv(),
    };
    const stack = new BenchStack(environment, serviceEnv, { gateway, bot, ticket }, options.scenario);
    cleanups.delete(cleanup);
    cleanups.add(() => stack.stop());
    try {
      await migrate(serviceEnv);
      await options.beforeStart?.(environment);
      await stack.startServices(options.services);
      stack.idleBusyPercent = await backgroundBusyPercent();
      const warning = stack.idleBusyPercent > 15 ? ': something else is running, figures will be low' : '';
      log(`  machine ${stack.idleBusyPercent}% busy with the services idle${warning}`);
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.gateway}`;
  }

  get databaseUrl(): string {
    return this.environment.databaseUrl;
  }

  /**
   * Another gateway beside the stack's, with some settings changed, on its own port: to measure a change
   * against the current setting in the same run (same machine, same load). Stopped with the stack.
   */
  async startGatewayVariant(env: Record<string, string>): Promise<{ url: string; process: ServiceProcess }> {
    const port = await freePort();
    const variantEnv = { ...this.serviceEnv, GATEWAY_PORT: String(port), ...env };
    const spec = serviceSpecs(variantEnv).find((candidate) => candidate.name === 'api-gateway')!;
    const service = new ServiceProcess(spec, ROOT, (line) => this.logTail.push(line));
    this.variants.push(service);
    service.start(variantEnv, (code) => {
      this.crashed ??= `api-gateway (${JSON.stringify(env)}) exited unexpectedly with code ${code}`;
    });
    await service.waitUntilReady(60_000);
    return { url: `http://127.0.0.1:${port}`, process: service };
  }

  /** Throws if a service died under load, with the end of its log. */
  assertAlive(): void {
    if (this.crashed) throw new Error(`${this.crashed}\n${this.logTail.slice(-40).join('\n')}`);
  }

  /** Stops the services (SIGTERM, as in production), drops the database and the vhost. */
  async stop(): Promise<Record<string, number | null>> {
    const pids = new Map(this.processes.map((service) => [service.pid!, service.spec.name]));
    await Promise.all(this.variants.map((service) => service.stop()));
    const codes = await Promise.all(this.processes.map((service) => service.stop()));
    if (this.profileDir) this.printProfiles(pids);
    await this.environment
      .dispose()
      .catch((error: unknown) => log(`Could not drop ${this.environment.name}: ${String(error)}`));
    cleanups.clear();
    return Object.fromEntries(this.processes.map((service, i) => [service.spec.name, codes[i]]));
  }

  /** Where each service spent its CPU: self time by package and by function, inclusive time of app code. */
  private printProfiles(pids: Map<number, string>): void {
    for (const { service, path } of profilesIn(this.profileDir!, pids)) {
      const summary = summarizeProfile(path, 15);
      writeFileSync(path.replace(/\.cpuprofile$/, '.summary.json'), JSON.stringify({ service, ...summary }, null, 2));
      const rows = (list: { name: string; ms: number; percent: number }[]) =>
        list.map((entry) => [entry.name, entry.ms, `${entry.percent}%`]);
      log(`\nCPU profile of ${service}: ${summary.busyMs} ms busy (${path})`);
      printTable(`${service}: self time by package`, ['package', 'ms', 'share'], rows(summary.byPackage.slice(0, 12)));
      printTable(`${service}: self time by function`, ['function', 'ms', 'share'], rows(summary.byFunction));
      printTable(`${service}: app code, inclusive`, ['function', 'ms', 'share'], rows(summary.appInclusive));
    }
  }

  private async startServices(names: ServiceName[]): Promise<void> {
    const env = { ...this.serviceEnv };
    if (this.profileDir) {
      mkdirSync(this.profileDir, { recursive: true });
      // Node 20 refuses --cpu-prof in NODE_OPTIONS; a preloaded script profiles through the inspector instead.
      env.NODE_OPTIONS = `--require ${join(ROOT, 'bench', 'lib', 'cpu-profiler.cjs')}`;
      env.BENCH_CPU_PROF_DIR = this.profileDir;
      log(`CPU profiles of the services go to ${this.profileDir}`);
    }
    const logFile = process.env.BENCH_SERVICE_LOG;
    if (logFile) log(`  the services' output goes to ${logFile} too`);
    const sink = (name: string) => (line: string) => {
      this.logTail.push(line);
      if (this.logTail.length > 400) this.logTail.splice(0, 100);
      if (logFile) appendFileSync(logFile, `${new Date().toISOString()} ${name} ${line}\n`);
    };
    for (const spec of serviceSpecs(this.serviceEnv).filter((spec) => names.includes(spec.name as ServiceName))) {
      this.processes.push(new ServiceProcess(spec, ROOT, sink(spec.name)));
    }
    for (const service of this.processes) {
      service.start(env, (code) => {
        this.crashed ??= `${service.spec.name} exited unexpectedly with code ${code}`;
        log(`!! ${this.crashed}`);
      });
    }
    try {
      await Promise.all(this.processes.map((service) => service.waitUntilReady(60_000)));
    } catch (error) {
      log(this.logTail.slice(-40).join('\n'));
      throw error;
    }
  }
}

/**
 * BENCH_SERVICE_ENV="NAME=value,NAME=value": extra variables for every service, to measure a configuration
 * change (e.g. BOT_FORWARD_CONCURRENCY) against the defaults.
 */
function experimentEnv(): Record<string, string> {
  const pairs = (process.env.BENCH_SERVICE_ENV ?? '').split(',').filter((pair) => pair.includes('='));
  if (pairs.length > 0) log(`  service environment changed for this run: ${pairs.join(', ')}`);
  return Object.fromEntries(
    pairs.map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()]),
  );
}

/** Runs a scenario file's main when the file is executed directly, exiting 0 or 1. */
export function runIfMain(module: NodeModule, main: () => Promise<unknown>): void {
  if (require.main !== module) return;
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      log(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
