import { readFileSync, readdirSync } from 'node:fs';
import type { ServiceProcess } from '../../scripts/stack/service-process';

const CLOCK_TICKS_PER_SECOND = 100;

/** Resident memory of a process in MiB, from /proc/<pid>/status (VmRSS). */
export function rssMiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** The shared servers whose CPU a phase also costs, by their process name. */
const SERVERS: Record<string, string> = { postgres: 'postgres', 'beam.smp': 'rabbitmq' };

/**
 * CPU seconds used so far by each pid of Postgres and RabbitMQ (whose backends come and go). With `database`,
 * Postgres backends serving that database (their process title names it) also count as 'postgres (own)':
 * on a shared machine, the rest of Postgres is mostly other people's work.
 */
function serverCpu(
  database?: string,
  excluded: readonly number[] = [],
): Map<number, { server: string; seconds: number; own: boolean }> {
  const found = new Map<number, { server: string; seconds: number; own: boolean }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const server = SERVERS[stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))];
      if (!server) continue;
      const own =
        server === 'postgres' &&
        database !== undefined &&
        !excluded.includes(Number(entry)) &&
        readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `);
      found.set(Number(entry), { server, seconds: cpuSeconds(Number(entry)), own });
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const numbers = values.map(Number);
  const idle = numbers[3] + (numbers[4] ?? 0);
  const total = numbers.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

export interface ServiceResources {
  rssPeakMiB: number;
  rssEndMiB: number;
  /** share of one core the process used over the phase */
  cpuPercent: number;
}

export interface PhaseResources {
  seconds: number;
  /** share of all the machine's cores that were busy (every process, Postgres and RabbitMQ included) */
  machineBusyPercent: number;
  /** the benchmark process itself: load generator, emulator, pollers */
  benchCpuPercent: number;
  /** Postgres (every backend, other users' included) and RabbitMQ, in shares of one core */
  serversCpuPercent: Record<string, number>;
  /** Postgres backends of this run's database only (when the monitor was given it), in shares of one core */
  ownPostgresCpuPercent?: number;
  services: Record<string, ServiceResources>;
}

/** Samples the services' RSS while a load phase runs and measures everyone's CPU over it. */
export class ResourceMonitor {
  private readonly startedAt = process.hrtime.bigint();
  private readonly benchCpu = process.cpuUsage();
  private readonly machine = machineTicks();
  private readonly servers: ReturnType<typeof serverCpu>;
  private readonly cpuAtStart: Map<string, number>;
  private readonly peaks = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  /** `database`: also measure the Postgres backends of this database, except `excludedBackends` (the benchmark's own) */
  constructor(
    private readonly services: ServiceProcess[],
    private readonly database?: string,
    private readonly excludedBackends: readonly number[] = [],
  ) {
    this.servers = serverCpu(database, excludedBackends);
    this.cpuAtStart = new Map(services.map((service) => [service.spec.name, cpuSeconds(service.pid!)]));
    this.sample();
    this.timer = setInterval(() => this.sample(), 250);
  }

  stop(): PhaseResources {
    clearInterval(this.timer);
    this.sample();
    const seconds = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
    const machine = machineTicks();
    const bench = process.cpuUsage(this.benchCpu);
    const serversCpuPercent: Record<string, number> = { postgres: 0, rabbitmq: 0 };
    let ownPostgres = 0;
    for (const [pid, now] of serverCpu(this.database, this.excludedBackends)) {
      const used = now.seconds - (this.servers.get(pid)?.seconds ?? 0);
      serversCpuPercent[now.server] += used;
      if (now.own) ownPostgres += used;
    }
    for (const server of Object.keys(serversCpuPercent))
      serversCpuPercent[server] = round((serversCpuPercent[server] / seconds) * 100);
    const services: Record<string, ServiceResources> = {};
    for (const service of this.services) {
      const name = service.spec.name;
      services[name] = {
        rssPeakMiB: round(this.peaks.get(name) ?? NaN),
        rssEndMiB: round(rssMiB(service.pid!)),
        cpuPercent: round(((cpuSeconds(service.pid!) - this.cpuAtStart.get(name)!) / seconds) * 100),
      };
    }
    return {
      seconds: round(seconds),
      machineBusyPercent: round(((machine.busy - this.machine.busy) / (machine.total - this.machine.total)) * 100),
      benchCpuPercent: round(((bench.user + bench.system) / 1e6 / seconds) * 100),
      serversCpuPercent,
      ...(this.database === undefined ? {} : { ownPostgresCpuPercent: round((ownPostgres / seconds) * 100) }),
      services,
    };
  }

  private sample(): void {
    for (const service of this.services) {
      const rss = rssMiB(service.pid!);
      if (Number.isFinite(rss))
        this.peaks.set(service.spec.name, Math.max(this.peaks.get(service.spec.name) ?? 0, rss));
    }
  }
}

/** Table rows: one per service, then Postgres, RabbitMQ, the benchmark itself and the whole machine. */
export function resourceRows(phase: string, resources: PhaseResources): (string | number)[][] {
  return [
    ...Object.entries(resources.services).map(([name, r]) => [
      phase,
      name,
      r.rssPeakMiB.toFixed(0),
      r.rssEndMiB.toFixed(0),
      pct(r.cpuPercent),
    ]),
    ...Object.entries(resources.serversCpuPercent).map(([name, cpu]) => [phase, name, '', '', pct(cpu)]),
    [phase, 'benchmark process', '', '', pct(resources.benchCpuPercent)],
    [phase, 'whole machine (of 2 cores)', '', '', pct(resources.machineBusyPercent)],
  ];
}

const pct = (value: number) => `${value.toFixed(0)}%`;

export const RESOURCE_HEADER = ['phase', 'service', 'RSS peak MiB', 'RSS end MiB', 'CPU (of 1 core)'];

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * How busy the machine is with nothing of ours under load (other test runs, CI): sampled over `ms`.
 * Figures taken while this is high are not this service desk's alone.
 */
export async function backgroundBusyPercent(ms = 1000): Promise<number> {
  const before = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineTicks();
  return round(((after.busy - before.busy) / (after.total - before.total)) * 100);
}

/**
 * CPU the desk spent per operation over a phase (services, Postgres and RabbitMQ; not the load generator),
 * in ms, and the rate two fully available cores could sustain at that cost.
 */
export function cpuCost(
  resources: PhaseResources,
  operations: number,
): { msPerOperation: number; ceilingPerSecond: number } {
  const percent =
    Object.values(resources.services).reduce((sum, service) => sum + service.cpuPercent, 0) +
    Object.values(resources.serversCpuPercent).reduce((sum, cpu) => sum + cpu, 0);
  const msPerOperation = ((percent / 100) * resources.seconds * 1000) / operations;
  return {
    msPerOperation: Math.round(msPerOperation * 100) / 100,
    ceilingPerSecond: Math.round(2000 / msPerOperation),
  };
}
