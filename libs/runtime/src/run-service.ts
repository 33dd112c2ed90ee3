import { INestApplication } from '@nestjs/common';
import { z } from 'zod';
import { loadConfigOrExit } from '@app/config';
import { TelemetryEnv, startTracingFromEnv } from '@app/telemetry';

export interface ServiceEntry<S extends z.ZodTypeAny> {
  name: string;
  env: S;
  migrate(config: z.output<S>): Promise<unknown>;
  start(config: z.output<S>): Promise<INestApplication>;
  /** longest a graceful stop may take before the process gives up and exits 1 */
  stopTimeoutMs?: number;
}

/**
 * A service's `main`: validates config (one line and exit 1 when bad), runs `migrate` and exits when the
 * first argument is `migrate`, otherwise starts the service (traced when OTEL_EXPORTER_OTLP_ENDPOINT is set). SIGTERM or SIGINT close the app (stop taking
 * work, finish in-flight messages, close connections) and exit 0, which Nest's own hooks would not
 * (they re-raise the signal, so the exit status says "killed").
 */
export function runService<S extends z.ZodTypeAny>(entry: ServiceEntry<S>): void {
  const fail = (error: unknown) => {
    process.stderr.write(`${entry.name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  };
  const config = loadConfigOrExit(entry.env);
  if (process.argv[2] === 'migrate') {
    entry.migrate(config).then(() => process.exit(0), fail);
    return;
  }
  // Before the app is built, so that everything it starts is traced.
  const tracing = startTracingFromEnv(entry.name, config as Partial<TelemetryEnv>);
  entry.start(config).then((app) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      setTimeout(() => process.exit(1), entry.stopTimeoutMs ?? 25_000).unref();
      app
        .close()
        .then(() => tracing?.shutdown())
        .then(() => process.exit(0), fail);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }, fail);
}
