import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode } from '@app/contracts';
import { eventually } from '@app/testing';
import { AdminGateway, Hired, Session, hire, http, startAdminGateway } from './gateway-harness';

const badRequest = (field: RegExp) => ({
  statusCode: 400,
  code: ErrorCode.ValidationFailed,
  message: expect.stringMatching(field),
});
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepField = (field: string, depth: number) => `{"${field}":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;

/** What the fuzz of issue 13 sent: each is refused with 400 and a message naming the field, never a 500. */
describe('api-gateway: hostile input is a 400 naming the field', () => {
  let gateway: AdminGateway;
  let app: NestExpressApplication;
  let admin: Session;
  let agent: Hired;

  beforeAll(async () => {
    // No ticket-service: every request below must be refused before it would need one.
    gateway = await startAdminGateway({ RPC_TIMEOUT_MS: '500' });
    ({ app, admin } = gateway);
    agent = await hire(app, admin);
  });

  afterAll(() => gateway?.close());

  it.each([
    ['POST', '/auth/login'],
    ['POST', '/employees'],
    ['POST', '/tickets/1/messages'],
    ['PATCH', '/tickets/1/status'],
  ])('refuses a 20,000-deep body and a 5,000-deep field on %s %s', async (method, path) => {
    const send = (body: string) =>
      http(app)
        [method === 'POST' ? 'post' : 'patch'](path)
        .set('Authorization', `Bearer ${admin.token}`)
        .set('Content-Type', 'application/json')
        .send(body);
    expect((await send(deepArray(20_000))).body).toEqual(badRequest(/^body.* is nested deeper than 32 levels/));
    expect((await send(`{"x":${deepArray(20_000)}}`)).body).toEqual(badRequest(/^body\.x.* is nested deeper/));
    expect((await send(deepField('text', 5_000))).body).toEqual(badRequest(/^body\.text\.a\.a.* is nested deeper/));
  });

  it('refuses a body that is not the gzip its Content-Encoding says', async () => {
    const response = await http(app)
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'gzip')
      .send('{"email":"a@b.c","password":"x"}');
    expect(response.body).toEqual(badRequest(/does not match its Content-Encoding/));
  });

  it('refuses U+0000 and lone surrogates in any string, naming the field', async () => {
    expect(
      (await http(app).post('/auth/login').send({ email: 'admin\u0000@example.com', password: 'x' })).body,
    ).toEqual(badRequest(/^body\.email contains U\+0000/));
    expect(
      (
        await admin.post('/employees', {
          email: 'x\ud800@example.com',
          password: 'long enough pw',
          name: 'X',
          role: 'agent',
        })
      ).body,
    ).toEqual(badRequest(/^body\.email contains/));
    expect((await admin.patch(`/employees/${agent.id}`, { name: 'Anna\u0000' })).body).toEqual(
      badRequest(/^body\.name contains/),
    );
    expect((await admin.post('/tickets/1/messages', { text: 'hello \ud800' })).body).toEqual(
      badRequest(/^body\.text contains/),
    );
    expect((await admin.get('/tickets?cursor=%00')).body).toEqual(badRequest(/^query\.cursor contains/));
    // what is refused changed nothing
    const listed = await admin.get('/employees').expect(200);
    expect(listed.body.find((employee: { id: number }) => employee.id === agent.id)).toMatchObject({
      name: expect.not.stringContaining('\u0000'),
    });
  });

  it('refuses null for the optional fields of PATCH /employees/{id}, and leaves the employee as it was', async () => {
    for (const field of ['name', 'role', 'active']) {
      const response = await admin.patch(`/employees/${agent.id}`, { [field]: null });
      expect(response.body).toEqual(badRequest(new RegExp(field)));
    }
    await agent.session.get('/auth/me').expect(200);
  });
});

describe('api-gateway: Postgres drops its connections mid-request', () => {
  let gateway: AdminGateway;
  let admin: Session;

  beforeAll(async () => {
    gateway = await startAdminGateway();
    ({ admin } = gateway);
  });

  afterAll(() => gateway?.close());

  it('answers 503 SERVICE_UNAVAILABLE, never 500, and serves again once Postgres takes connections', async () => {
    const statuses: number[] = [];
    const bodies: unknown[] = [];
    let loading = true;
    const worker = async () => {
      while (loading) {
        const response = await admin.get('/employees');
        statuses.push(response.status);
        if (response.status !== 200) bodies.push(response.body);
      }
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);
    try {
      for (let fault = 0; fault < 5; fault += 1) {
        const before = statuses.length;
        await eventually(() => statuses.length >= before + 10, { timeoutMs: 20_000, message: 'requests flowing' });
        await gateway.env.terminateDatabaseBackends();
      }
      const afterFaults = statuses.length;
      await eventually(() => statuses.slice(afterFaults).filter((status) => status === 200).length >= 10, {
        timeoutMs: 20_000,
        message: '200s again after the last fault',
      });
    } finally {
      loading = false;
      await load;
    }
    expect(statuses.filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(bodies.length).toBeGreaterThan(0); // the faults were felt
    for (const body of bodies)
      expect(body).toEqual({ statusCode: 503, code: ErrorCode.ServiceUnavailable, message: expect.any(String) });
  });
});
