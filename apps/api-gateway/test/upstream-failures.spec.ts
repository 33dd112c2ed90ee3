import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode } from '@app/contracts';
import { TcpProxy, TestEnvironment, eventually } from '@app/testing';
import { clientWrites, startRealTicketService } from './desk-harness';
import { ADMIN, Session, http, logIn, startTestGateway } from './gateway-harness';

const RPC_TIMEOUT_MS = 1000;

describe('api-gateway when ticket-service or RabbitMQ fails: 503/504 with a code, never a hang', () => {
  let env: TestEnvironment;
  let rabbitProxy: TcpProxy;
  let ticketService: INestApplication | undefined;
  let app: NestExpressApplication;
  let admin: Session;
  let ticketId: number;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    ticketService = await startRealTicketService(env);
    // Only the gateway reaches RabbitMQ through the proxy: cutting it cuts the gateway off, nothing else.
    rabbitProxy = await new TcpProxy('127.0.0.1', Number(new URL(env.rabbitUrl).port || 5672)).start();
    app = await startTestGateway(env, {
      RABBITMQ_URL: rabbitProxy.wrap(env.rabbitUrl),
      RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS),
    });
    admin = await logIn(app, ADMIN.email, ADMIN.password);
    ({ ticketId } = await clientWrites(app, 6_100_000_001, 'Hello'));
  });

  afterAll(async () => {
    await app?.close();
    await ticketService?.close();
    await rabbitProxy?.stop();
    await env?.dispose();
  });

  it('answers 503 SERVICE_UNAVAILABLE while RabbitMQ is unreachable, is not ready, and recovers when it is back', async () => {
    await admin.get(`/tickets/${ticketId}`).expect(200);

    rabbitProxy.cut();
    try {
      const startedAt = Date.now();
      const response = await admin.get(`/tickets/${ticketId}`);
      expect(response.body).toEqual({
        statusCode: 503,
        code: ErrorCode.ServiceUnavailable,
        message: expect.any(String),
      });
      expect(Date.now() - startedAt).toBeLessThan(RPC_TIMEOUT_MS + 2000);

      const ready = await eventually(async () => {
        const probe = await http(app).get('/health/ready');
        return probe.status === 503 && probe;
      });
      expect(ready.body).toEqual({
        statusCode: 503,
        code: ErrorCode.ServiceUnavailable,
        message: expect.stringContaining('rabbitmq'),
      });
      // Liveness does not depend on the broker: the pod is not restarted for an outage elsewhere.
      await http(app).get('/health').expect(200);
    } finally {
      rabbitProxy.restore();
    }

    await eventually(async () => (await http(app).get('/health/ready')).status === 200, { timeoutMs: 20_000 });
    await eventually(async () => (await admin.get(`/tickets/${ticketId}`)).status === 200, { timeoutMs: 20_000 });
  });

  it('answers 504 UPSTREAM_TIMEOUT soon after the deadline when ticket-service does not answer', async () => {
    await ticketService!.close();
    ticketService = undefined;

    const startedAt = Date.now();
    const response = await admin.get('/tickets').expect(504);
    const elapsed = Date.now() - startedAt;

    expect(response.body).toEqual({ statusCode: 504, code: ErrorCode.UpstreamTimeout, message: expect.any(String) });
    expect(elapsed).toBeGreaterThanOrEqual(RPC_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(RPC_TIMEOUT_MS + 1500);
    // What the gateway answers alone still works.
    await admin.get('/auth/me').expect(200);
  });
});
