import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { paint } from './terminal';

export interface ServiceSpec {
  name: string;
  /** the built entry point, relative to the repository root */
  entry: string;
  /** where its /health/ready answers */
  healthUrl: string;
  /** the port it listens on (on every interface), and the variable that sets it */
  port: number;
  portVariable: string;
  color: number;
}

export type LineSink = (line: string) => void;

/** One service as a child process, its output prefixed with its name so three logs read as one. */
export class ServiceProcess {
  private child?: ChildProcess;
  private exited?: Promise<number | null>;
  stopping = false;

  constructor(
    readonly spec: ServiceSpec,
    private readonly root: string,
    private readonly sink: LineSink,
  ) {}

  /** The running process's id (benchmarks read its memory from /proc); undefined before start. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(env: NodeJS.ProcessEnv, onUnexpectedExit: (code: number | null) => void): void {
    this.stopping = false;
    const child = spawn(process.execPath, [this.spec.entry], {
      cwd: this.root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const prefix = `${paint().colour(this.spec.color, this.spec.name.padEnd(14))}│ `;
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => this.sink(prefix + line));
    }
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        if (!this.stopping) onUnexpectedExit(code);
        resolve(code);
      }),
    );
  }

  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
        throw new Error(`${this.spec.name} exited with code ${this.child.exitCode}`);
      }
      const ready = await fetch(this.spec.healthUrl).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.spec.name} was not ready at ${this.spec.healthUrl} within ${timeoutMs} ms`);
  }

  /** kill -9, as a crash would (the chaos run); resolves once the process is gone. */
  async kill(): Promise<void> {
    this.stopping = true;
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. Resolves with the exit code. */
  async stop(graceMs = 30_000): Promise<number | null> {
    this.stopping = true;
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    const code = await this.exited!;
    clearTimeout(timer);
    return code;
  }
}
