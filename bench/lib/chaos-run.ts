import { Client } from 'pg';
import { ClientUser, TelegramEmulator } from '@app/telegram-emulator';
import { TestEnvironment, eventually, freePort } from '@app/testing';
import { ServiceProcess } from '../../scripts/stack/service-process';
import { Stack, migrate } from '../../scripts/stack/stack';
import { Tally, isClean, tally } from './chaos-tally';
import { summarize } from './report';

export type FaultKind =
  | 'kill -9 bot-service'
  | 'kill -9 ticket-service'
  | 'close AMQP connections'
  | 'terminate Postgres backends'
  | 'kill -9 api-gateway';
export const EVERY_FAULT: FaultKind[] = [
  'kill -9 bot-service',
  'kill -9 ticket-service',
  'close AMQP connections',
  'terminate Postgres backends',
  'kill -9 api-gateway',
];

export interface ChaosOptions {
  clients: number;
  messagesPerClient: number;
  replies: number;
  /** in this order, one after the other, each once the previous one's service answers again */
  faults: FaultKind[];
  /** time between faults, under load */
  faultSpacingMs: number;
  drainTimeoutMs: number;
  log: (line: string) => void;
  /** more variables for the services (e.g. smaller pools in a test) */
  serviceEnv?: Record<string, string>;
}

export interface ChaosReport {
  faults: { kind: FaultKind; atMs: number; recoveredInMs: number }[];
  clientMessages: Tally;
  replies: Tally;
  /** clients with more than one active ticket */
  extraActiveTickets: number;
  /** updates the bot set aside: none may be, for this load */
  setAside: number;
  /** services that exited on their own, with the end of the log */
  crashes: string[];
  /** gateway answers that were errors other than 503/504 (e.g. 500 while Postgres dropped connections) */
  gatewayErrors: string[];
  /** ms from Telegram accepting a reply to the bot recording it: a kill -9 inside it sends the reply again */
  duplicateWindowMs: { count: number; p50: number; p99: number; max: number };
  ok: boolean;
}

const ADMIN = { email: 'admin@chaos.test', password: 'chaos-admin-password' };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The project's fault run: the three services as processes from dist/, a Bot API emulator, a database and
 * vhost of their own. Clients write numbered messages and an agent posts numbered replies while each fault
 * is injected under load; then every message and reply is checked: stored / delivered once, in order.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const run = await ChaosStack.start(options.log, options.serviceEnv ?? {});
  try {
    return await run.exercise(options);
  } finally {
    await run.stop();
  }
}

class ChaosStack {
  private readonly crashes: string[] = [];
  private readonly gatewayErrors: string[] = [];
  private token = '';

  private constructor(
    private readonly env: TestEnvironment,
    private readonly telegram: TelegramEmulator,
    private readonly serviceEnv: NodeJS.ProcessEnv,
    private readonly stack: Stack,
    private readonly gateway: string,
    private readonly log: (line: string) => void,
    /** the end of the services' output, for a crash report */
    private readonly logTail: string[],
  ) {}

  static async start(log: (line: string) => void, extraEnv: Record<string, string>): Promise<ChaosStack> {
    const env = await TestEnvironment.create();
    const telegram = await TelegramEmulator.start();
    const [gatewayPort, botPort, ticketPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const serviceEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      ENV_FILE: '/nonexistent/.env',
      ...env.env({ LOG_LEVEL: 'warn' }),
      GATEWAY_PORT: String(gatewayPort),
      BOT_PORT: String(botPort),
      TICKET_SERVICE_PORT: String(ticketPort),
      JWT_SECRET: 'chaos-run-secret-0123456789abcdef0123456789',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_MODE: 'polling',
      TELEGRAM_RATE_PER_CHAT: '5',
      TELEGRAM_RATE_GLOBAL: '100',
      ...extraEnv,
    };
    await migrate(serviceEnv);
    const logTail: string[] = [];
    const stack = new Stack(serviceEnv, (line) => {
      logTail.push(line);
      if (logTail.length > 300) logTail.splice(0, 100);
    });
    const chaos = new ChaosStack(env, telegram, serviceEnv, stack, `http://127.0.0.1:${gatewayPort}`, log, logTail);
    await stack.start((name, code) => chaos.crashed(name, code));
    return chaos;
  }

  async stop(): Promise<void> {
    await this.stack.stop();
    await this.telegram.stop();
    await this.env.dispose();
  }

  private crashed(name: string, code: number | null): void {
    const crash = `${name} exited on its own with code ${code}`;
    this.log(`!! ${crash}`);
    this.crashes.push(
      `${crash}\n${this.logTail
        .filter((line) => line.includes(name))
        .slice(-15)
        .join('\n')}`,
    );
  }

  async exercise(options: ChaosOptions): Promise<ChaosReport> {
    const users: ClientUser[] = Array.from({ length: options.clients }, (_, i) => ({
      id: 7_100_000_000 + i,
      first_name: `Client${i}`,
      username: `client${i}`,
      language_code: 'en',
    }));
    const expectedMessages = new Map(
      users.map((user, i) => [user.id, Array.from({ length: options.messagesPerClient }, (_, n) => `c${i}-m${n + 1}`)]),
    );
    const expectedReplies = new Map(users.map((user) => [user.id, [] as string[]]));
    this.token = await this.login();

    const started = Date.now();
    const plannedMs = options.faultSpacingMs * (options.faults.length + 1);
    const clients = this.clientLoad(users, expectedMessages, plannedMs);
    const agent = this.agentLoad(users, expectedReplies, options.replies, plannedMs);
    const faults: ChaosReport['faults'] = [];
    for (const kind of options.faults) {
      await pause(options.faultSpacingMs);
      const atMs = Date.now() - started;
      this.log(`  ${String(Math.round(atMs / 100) / 10).padStart(5)} s  fault: ${kind}`);
      const recoveredInMs = await this.inject(kind);
      faults.push({ kind, atMs, recoveredInMs });
    }
    await Promise.all([clients, agent]);
    this.log(
      `  ${String(Math.round((Date.now() - started) / 100) / 10).padStart(5)} s  load sent; waiting for everything to arrive`,
    );
    return this.verify(users, expectedMessages, expectedReplies, faults, options.drainTimeoutMs);
  }

  /** Each client's numbered messages, spread over the run. */
  private async clientLoad(users: ClientUser[], expected: Map<number, string[]>, plannedMs: number): Promise<void> {
    const total = users.length * (expected.get(users[0].id)?.length ?? 0);
    const intervalMs = plannedMs / Math.max(total, 1);
    for (let n = 0; n < (expected.get(users[0].id)?.length ?? 0); n += 1) {
      for (const user of users) {
        this.telegram.clientSends(user, { text: expected.get(user.id)![n] });
        await pause(intervalMs);
      }
    }
  }

  /** Numbered replies, round robin over the clients that have a ticket, spread over the run. */
  private async agentLoad(
    users: ClientUser[],
    expected: Map<number, string[]>,
    replies: number,
    plannedMs: number,
  ): Promise<void> {
    const intervalMs = plannedMs / Math.max(replies, 1);
    const tickets = new Map<number, number>();
    for (let r = 0; r < replies; r += 1) {
      const user = users[r % users.length];
      const ticketId = tickets.get(user.id) ?? (await this.ticketOf(user.id));
      tickets.set(user.id, ticketId);
      const text = `r${users.indexOf(user)}-${expected.get(user.id)!.length + 1}`;
      expected.get(user.id)!.push(text);
      await this.postReply(ticketId, text);
      await pause(intervalMs);
    }
  }

  // ---- faults ----

  private service(name: string): ServiceProcess {
    return this.stack.services.find((service) => service.spec.name === name)!;
  }

  /** Injects one fault; resolves once the affected service answers its readiness check again. */
  private async inject(kind: FaultKind): Promise<number> {
    const started = Date.now();
    if (kind.startsWith('kill -9 ')) {
      const service = this.service(kind.slice('kill -9 '.length));
      await service.kill();
      service.start(this.serviceEnv, (code) => this.crashed(service.spec.name, code));
      await service.waitUntilReady(60_000);
    } else if (kind === 'close AMQP connections') {
      await this.env.closeRabbitConnections();
      await Promise.all(this.stack.services.map((service) => service.waitUntilReady(60_000)));
    } else {
      await this.env.terminateDatabaseBackends();
      await Promise.all(this.stack.services.map((service) => service.waitUntilReady(60_000)));
    }
    return Date.now() - started;
  }

  // ---- the agent, through the REST API ----

  private async login(): Promise<string> {
    const { body } = await this.request('POST', '/auth/login', ADMIN, true);
    return (body as { accessToken: string }).accessToken;
  }

  /**
   * One request to the gateway; with `retry`, repeated while the gateway is down or answers 503/504 (what a
   * client is told to retry). Any other error is kept for the report.
   */
  private async request(
    method: string,
    path: string,
    body?: unknown,
    retry = method === 'GET',
  ): Promise<{ status: number; body: unknown }> {
    for (;;) {
      const answer = await fetch(`${this.gateway}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      }).then(
        async (response) => ({ status: response.status, body: await response.json().catch(() => undefined) }),
        () => ({ status: 0, body: undefined }),
      );
      if (answer.status >= 200 && answer.status < 300) return answer;
      const retriable = answer.status === 0 || answer.status === 503 || answer.status === 504;
      if (!retriable) {
        // the services' error lines of the moment say why, in the report itself
        const why = this.logTail.filter((line) => /"level":(50|60)/.test(line)).slice(-3);
        this.gatewayErrors.push(
          [`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`, ...why].join('\n'),
        );
      }
      if (!retry || !retriable) return answer;
      await pause(200);
    }
  }

  private async ticketOf(telegramId: number): Promise<number> {
    return eventually(
      async () => {
        const { body } = await this.request(
          'GET',
          '/tickets?status=open,in_progress&limit=100&sort=createdAt&order=asc',
        );
        const items = (body as { items: { id: number; client: { telegramId: number } }[] }).items;
        return items.find((ticket) => ticket.client.telegramId === telegramId)?.id;
      },
      { timeoutMs: 120_000, intervalMs: 200, message: `a ticket for client ${telegramId}` },
    );
  }

  /**
   * Posts a reply once: after a failure whose outcome is unknown (the gateway died or timed out mid-request)
   * it looks at the conversation before posting again, as an agent would.
   */
  private async postReply(ticketId: number, text: string): Promise<void> {
    for (;;) {
      const answer = await this.request('POST', `/tickets/${ticketId}/messages`, { text });
      if (answer.status === 201) return;
      if (answer.status !== 0 && answer.status !== 503 && answer.status !== 504) return; // reported as a gateway error
      if (await this.replyStored(ticketId, text)) return;
      await pause(200);
    }
  }

  private async replyStored(ticketId: number, text: string): Promise<boolean> {
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const { body } = await this.request('GET', `/tickets/${ticketId}/messages?limit=100${query}`);
      const page = body as { items: { text: string | null }[]; nextCursor: string | null };
      if (page.items.some((message) => message.text === text)) return true;
      cursor = page.nextCursor;
    } while (cursor);
    return false;
  }

  // ---- the verdict ----

  private async verify(
    users: ClientUser[],
    expectedMessages: Map<number, string[]>,
    expectedReplies: Map<number, string[]>,
    faults: ChaosReport['faults'],
    drainTimeoutMs: number,
  ): Promise<ChaosReport> {
    const db = new Client({ connectionString: this.env.databaseUrl });
    await db.connect();
    try {
      const totalMessages = [...expectedMessages.values()].reduce((sum, texts) => sum + texts.length, 0);
      const totalReplies = [...expectedReplies.values()].reduce((sum, texts) => sum + texts.length, 0);
      const replyTexts = () =>
        users.flatMap((user) => this.telegram.botMessages(user.id).filter((sent) => /^r\d+-\d+$/.test(sent.text)));
      // Distinct texts (each is unique to its client): a reply sent twice (the kill -9 window) must not stand in
      // for one still on its way, or the verdict would be read before it arrived and call it lost.
      const storedCount = async () =>
        Number(
          (await db.query(`SELECT count(DISTINCT text) AS n FROM ticket.messages WHERE direction = 'inbound'`)).rows[0]
            .n,
        );
      const repliesArrived = () => new Set(replyTexts().map((sent) => sent.text)).size;
      await eventually(async () => (await storedCount()) >= totalMessages && repliesArrived() >= totalReplies, {
        timeoutMs: drainTimeoutMs,
        intervalMs: 250,
      }).catch(() => this.log('  (not everything arrived before the deadline)'));

      const { rows } = await db.query<{ telegram_id: string; text: string }>(
        `SELECT c.telegram_id, m.text FROM ticket.messages m JOIN ticket.tickets t ON t.id = m.ticket_id
         JOIN ticket.clients c ON c.id = t.client_id WHERE m.direction = 'inbound' ORDER BY m.id`,
      );
      const stored = (user: ClientUser) =>
        rows.filter((row) => Number(row.telegram_id) === user.id).map((row) => row.text);
      const sum = (tallies: Tally[]): Tally =>
        tallies.reduce((a, b) => ({
          expected: a.expected + b.expected,
          arrived: a.arrived + b.arrived,
          lost: a.lost + b.lost,
          doubled: a.doubled + b.doubled,
          outOfOrder: a.outOfOrder + b.outOfOrder,
        }));
      const clientMessages = sum(users.map((user) => tally(expectedMessages.get(user.id)!, stored(user))));
      const delivered = (user: ClientUser) =>
        this.telegram.botMessages(user.id).filter((sent) => /^r\d+-\d+$/.test(sent.text));
      const replies = sum(
        users.map((user) =>
          tally(
            expectedReplies.get(user.id)!,
            delivered(user).map((sent) => sent.text),
          ),
        ),
      );
      const extraActiveTickets = Number(
        (
          await db.query(
            `SELECT count(*) AS n FROM (SELECT client_id FROM ticket.tickets WHERE status <> 'closed' GROUP BY client_id HAVING count(*) > 1) x`,
          )
        ).rows[0].n,
      );
      const setAside = Number((await db.query('SELECT count(*) AS n FROM bot.set_aside_updates')).rows[0].n);

      const recorded = await db.query<{ text: string; finished: number }>(
        `SELECT text, extract(epoch FROM finished_at) * 1000 AS finished FROM bot.outbound_messages WHERE status = 'sent' AND message_id IS NOT NULL`,
      );
      const sentAt = new Map(users.flatMap((user) => delivered(user).map((sent) => [sent.text, sent.sentAt] as const)));
      const windows = recorded.rows
        .filter((row) => sentAt.has(row.text))
        .map((row) => Math.max(0, Number(row.finished) - sentAt.get(row.text)!));
      const { count, p50, p99, max } = summarize(windows);
      const duplicateWindowMs = { count, p50, p99, max };
      const ok =
        isClean(clientMessages) &&
        isClean(replies) &&
        extraActiveTickets === 0 &&
        setAside === 0 &&
        this.crashes.length === 0 &&
        this.gatewayErrors.length === 0;
      return {
        faults,
        clientMessages,
        replies,
        extraActiveTickets,
        setAside,
        crashes: this.crashes,
        gatewayErrors: this.gatewayErrors,
        duplicateWindowMs,
        ok,
      };
    } finally {
      await db.end();
    }
  }
}
