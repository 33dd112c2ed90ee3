import { Pool } from 'undici';
import { LatencySummary, summarize } from './report';

export interface HttpAnswer<T = any> {
  status: number;
  body: T;
}

/** A keep-alive HTTP client for the gateway: a fixed pool of connections, JSON in and out (text answers as text). */
export class HttpClient {
  private readonly pool: Pool;

  constructor(baseUrl: string, connections = 64) {
    this.pool = new Pool(baseUrl, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.pool.request({
      method: method as 'GET',
      path,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.body.text();
    // JSON unless the answer says otherwise (e.g. a CSV report, kept as text)
    const json = !/^text\//.test(String(response.headers['content-type'] ?? ''));
    return { status: response.statusCode, body: text ? ((json ? JSON.parse(text) : text) as T) : (undefined as T) };
  }

  /** Like `request`, but throws unless the status is the expected one. */
  async expect<T = any>(
    status: number,
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<T> {
    const answer = await this.request<T>(method, path, options);
    if (answer.status !== status) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async login(email: string, password: string): Promise<string> {
    const body = await this.expect<{ accessToken: string }>(200, 'POST', '/auth/login', { body: { email, password } });
    return body.accessToken;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

export interface LoadResult {
  latency: LatencySummary;
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  perSecond: number;
}

export interface ClosedLoopOptions {
  /** workers, each with one request in flight at a time */
  concurrency: number;
  /** stop starting new requests after this long… */
  durationMs?: number;
  /** …or after this many requests per worker */
  requestsPerWorker?: number;
  /** one request; `worker` is the worker's index, `n` its request count so far */
  task: (worker: number, n: number) => Promise<void>;
}

/**
 * A closed loop: `concurrency` workers each run `task` back to back until the duration or count is
 * reached. Every call's latency is kept raw, so percentiles are exact. Errors are counted, not timed.
 */
export async function closedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = process.hrtime.bigint();
  const deadline = options.durationMs === undefined ? Infinity : Date.now() + options.durationMs;
  const perWorker = options.requestsPerWorker ?? Infinity;
  const worker = async (index: number) => {
    for (let n = 0; n < perWorker && Date.now() < deadline; n += 1) {
      const begin = process.hrtime.bigint();
      try {
        await options.task(index, n);
        latencies.push(Number(process.hrtime.bigint() - begin) / 1e6);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => worker(i)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    latency: summarize(latencies),
    requests: latencies.length,
    errors,
    firstError,
    seconds,
    perSecond: latencies.length / seconds,
  };
}
