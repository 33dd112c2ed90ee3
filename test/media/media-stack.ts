import { ClientUser, TelegramEmulator } from '@app/telegram-emulator';
import { TEST_ADMIN, TcpProxy, TestEnvironment, eventually } from '@app/testing';
import { ServiceProcess } from '../../scripts/stack/service-process';
import { ROOT, migrate, serviceSpecs } from '../../scripts/stack/stack';

export interface MessageJson {
  id: number;
  direction: string;
  kind: string;
  text: string | null;
  deliveryStatus: string | null;
  attachment: { fileName: string | null; mimeType: string | null; size: number | null; state: string } | null;
  editedAt: string | null;
  edits: { text: string | null; editedAt: string }[];
  replyToMessageId: number | null;
}

type ServiceName = 'ticket-service' | 'api-gateway' | 'bot-service';

/**
 * The three services as processes from dist/ (so a test can SIGKILL one), over the real Postgres and RabbitMQ
 * of one TestEnvironment, with the Bot API emulator; the gateway reaches RabbitMQ through a TcpProxy the test
 * can cut. Helpers act as the employee (REST) and the client (the emulator).
 */
export class MediaStack {
  readonly logs: string[] = [];
  private readonly processes = new Map<ServiceName, ServiceProcess>();
  private token = '';

  private constructor(
    readonly env: TestEnvironment,
    readonly telegram: TelegramEmulator,
    readonly rabbitProxy: TcpProxy,
    private readonly serviceEnv: NodeJS.ProcessEnv,
    readonly gateway: string,
  ) {}

  static async start(extra: Record<string, string> = {}): Promise<MediaStack> {
    const env = await TestEnvironment.create();
    const telegram = await TelegramEmulator.start();
    const rabbitProxy = await new TcpProxy('127.0.0.1', Number(new URL(env.rabbitUrl).port || 5672)).start();
    const { env: serviceEnv, gatewayPort } = await env.processEnv(telegram, {
      TELEGRAM_RATE_PER_CHAT: '20',
      RPC_TIMEOUT_MS: '3000',
      ...extra,
    });
    await migrate(serviceEnv);
    const stack = new MediaStack(env, telegram, rabbitProxy, serviceEnv, `http://127.0.0.1:${gatewayPort}`);
    await Promise.all(
      (['ticket-service', 'api-gateway', 'bot-service'] as const).map((name) => stack.startService(name)),
    );
    const login = await stack.api('POST', '/auth/login', TEST_ADMIN);
    stack.token = login.body.accessToken as string;
    return stack;
  }

  async startService(name: ServiceName): Promise<void> {
    const spec = serviceSpecs(this.serviceEnv).find((candidate) => candidate.name === name)!;
    const service = new ServiceProcess(spec, ROOT, (line) => this.logs.push(line));
    const env =
      name === 'api-gateway'
        ? { ...this.serviceEnv, RABBITMQ_URL: this.rabbitProxy.wrap(this.env.rabbitUrl) }
        : this.serviceEnv;
    service.start(env, (code) => this.logs.push(`!! ${name} exited with ${code}`));
    this.processes.set(name, service);
    await service.waitUntilReady(60_000);
  }

  /** SIGKILL: nothing the service was doing is finished or closed. */
  async kill(name: ServiceName): Promise<void> {
    await this.processes.get(name)?.kill();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.values()].map((service) => service.stop()));
    await this.rabbitProxy.stop();
    await this.telegram.stop();
    await this.env.dispose();
  }

  // ---- the employee ----

  async api(method: string, path: string, body?: unknown) {
    const response = await fetch(this.gateway + path, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  /** GET with the employee's token, the response as it comes (its body not read yet). */
  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(this.gateway + path, {
      ...init,
      headers: { authorization: `Bearer ${this.token}`, ...(init.headers ?? {}) },
    });
  }

  async ticketOf(user: ClientUser): Promise<number> {
    return eventually(
      async () => {
        const list = await this.api('GET', '/tickets?limit=100');
        return list.body.items?.find(
          (ticket: { client: { telegramId: number } }) => ticket.client.telegramId === user.id,
        )?.id as number;
      },
      { timeoutMs: 30_000, message: `${user.first_name}'s ticket` },
    );
  }

  /** The conversation without the bot's own notices (`system` messages), which these tests do not look at. */
  async messages(ticketId: number): Promise<MessageJson[]> {
    const items = (await this.api('GET', `/tickets/${ticketId}/messages?limit=100`)).body.items as MessageJson[];
    return items.filter((message) => message.kind !== 'system');
  }

  /** Polls the conversation until `probe` finds what it looks for. */
  async waitForMessage(
    ticketId: number,
    probe: (message: MessageJson) => boolean,
    message: string,
    timeoutMs = 30_000,
  ) {
    return eventually(async () => (await this.messages(ticketId)).find(probe), { timeoutMs, message });
  }

  async download(ticketId: number, messageId: number): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const response = await this.fetch(`/tickets/${ticketId}/messages/${messageId}/attachment`);
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  async sendFile(ticketId: number, bytes: Buffer, fileName: string, type: string, caption?: string) {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), fileName);
    if (caption !== undefined) form.append('text', caption);
    const response = await this.fetch(`/tickets/${ticketId}/messages`, { method: 'POST', body: form });
    return { status: response.status, body: (await response.json()) as MessageJson & { code?: string } };
  }
}
