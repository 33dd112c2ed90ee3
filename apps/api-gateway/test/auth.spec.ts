import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { ErrorCode } from '@app/contracts';
import { TestEnvironment, eventually } from '@app/testing';
import {
  ADMIN,
  AdminGateway,
  JWT_SECRET,
  Session,
  claimsOf,
  craftToken,
  hire,
  http,
  logIn,
  startAdminGateway,
  startTestGateway,
} from './gateway-harness';

describe('api-gateway auth: login, tokens, deactivation, throttling', () => {
  let gateway: AdminGateway;
  let app: NestExpressApplication;
  let admin: Session;
  let ipCounter = 0;

  /** Each test logs in from IPs of its own, so per-IP failure counts never leak between tests. */
  const freshIp = () => `198.51.100.${++ipCounter}`;
  const loginFrom = (ip: string, email: string, password: string) =>
    http(app).post('/auth/login').set('X-Forwarded-For', ip).send({ email, password });

  beforeAll(async () => {
    gateway = await startAdminGateway({
      LOGIN_FAILURES_BEFORE_DELAY: '3',
      LOGIN_IP_FAILURES_BEFORE_DELAY: '5',
      // long enough that no wait ends by itself during a test on a busy machine; the doubling test ends one
      LOGIN_FIRST_DELAY_SECONDS: '60',
      // the test's requests come "through one proxy", so X-Forwarded-For names the client
      TRUST_PROXY_HOPS: '1',
    });
    ({ app, admin } = gateway);
  });

  afterAll(() => gateway?.close());

  it('logs in the first admin, created from ADMIN_EMAIL and ADMIN_PASSWORD, whatever the case of the email', async () => {
    const response = await loginFrom(freshIp(), ADMIN.email.toUpperCase(), ADMIN.password).expect(200);

    expect(response.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
    const claims = claimsOf(response.body.accessToken);
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);

    const me = await new Session(app, response.body.accessToken).get('/auth/me').expect(200);
    expect(me.body).toEqual({
      id: expect.any(Number),
      email: ADMIN.email,
      name: 'Administrator',
      away: false,
      role: 'admin',
      active: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('refuses a wrong password and an unknown email alike, with 401 INVALID_CREDENTIALS', async () => {
    const ip = freshIp();
    const wrongPassword = await loginFrom(ip, ADMIN.email, 'not-the-password').expect(401);
    const unknownEmail = await loginFrom(ip, 'nobody@example.com', ADMIN.password).expect(401);

    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.body).toEqual({
        statusCode: 401,
        code: ErrorCode.InvalidCredentials,
        message: 'Invalid email or password',
      });
    }
  });

  it('refuses a login body that is not {email, password} with 400 VALIDATION_FAILED naming the problem', async () => {
    const ip = freshIp();
    const missing = await loginFrom(ip, ADMIN.email, undefined as unknown as string).expect(400);
    expect(missing.body).toMatchObject({
      statusCode: 400,
      code: ErrorCode.ValidationFailed,
      message: expect.stringContaining('password'),
    });

    const extra = await http(app)
      .post('/auth/login')
      .send({ email: ADMIN.email, password: ADMIN.password, role: 'admin' })
      .expect(400);
    expect(extra.body.message).toContain('property role should not exist');

    const malformed = await http(app)
      .post('/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(malformed.body).toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: expect.stringContaining('not valid JSON'),
    });
  });

  it('answers 401 UNAUTHORIZED to a missing, garbled, tampered, foreign, unsigned or expired token', async () => {
    const me = claimsOf(admin.token);
    const now = Math.floor(Date.now() / 1000);
    const [header, payload, signature] = admin.token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ ...me, sub: '999' })).toString('base64url');

    const cases: Record<string, string | undefined> = {
      missing: undefined,
      garbled: 'Bearer not-a-jwt',
      'another scheme': `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.password}`).toString('base64')}`,
      'payload changed, signature kept': `Bearer ${header}.${otherPayload}.${signature}`,
      'signature cut': `Bearer ${header}.${payload}.`,
      'signed with another secret': `Bearer ${craftToken({ sub: me.sub, iat: now, exp: now + 600 }, { secret: `${JWT_SECRET}-other` })}`,
      'alg none': `Bearer ${craftToken({ sub: me.sub, iat: now, exp: now + 600 }, { alg: 'none' })}`,
      expired: `Bearer ${craftToken({ sub: me.sub, iat: now - 7200, exp: now - 3600 })}`,
      'no subject': `Bearer ${craftToken({ iat: now, exp: now + 600 })}`,
      'subject that is no employee': `Bearer ${craftToken({ sub: '424242', iat: now, exp: now + 600 })}`,
    };
    for (const [name, authorization] of Object.entries(cases)) {
      const request = http(app).get('/auth/me');
      if (authorization) request.set('Authorization', authorization);
      const response = await request;
      expect({ name, status: response.status, code: response.body.code }).toEqual({
        name,
        status: 401,
        code: ErrorCode.Unauthorized,
      });
    }

    const expired = await http(app).get('/auth/me').set('Authorization', cases.expired!);
    expect(expired.body.message).toMatch(/expired/);
    // The same claims, properly signed and current, are accepted: the cases above failed for their flaw.
    await http(app)
      .get('/auth/me')
      .set('Authorization', `Bearer ${craftToken({ sub: me.sub, iat: now, exp: now + 600 })}`)
      .expect(200);
  });

  it('refuses a token it has accepted before once that token expires', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = new Session(app, craftToken({ sub: claimsOf(admin.token).sub, iat: now, exp: now + 2 }));
    await token.get('/auth/me').expect(200);
    await token.get('/auth/me').expect(200);

    const refused = await eventually(async () => {
      const response = await token.get('/auth/me');
      return response.status === 401 && response;
    });
    expect(refused.body).toMatchObject({ code: ErrorCode.Unauthorized, message: expect.stringMatching(/expired/) });
  });

  it('stops a deactivated employee at once: the token already issued gets 401, and so does a new login', async () => {
    const agent = await hire(app, admin);
    await agent.session.get('/auth/me').expect(200);

    await admin.patch(`/employees/${agent.id}`, { active: false }).expect(200);

    const refused = await agent.session.get('/tickets').expect(401);
    expect(refused.body).toMatchObject({ code: ErrorCode.Unauthorized, message: expect.stringMatching(/deactivated/) });
    await agent.session.get('/auth/me').expect(401);
    const login = await loginFrom(freshIp(), agent.email, agent.password).expect(401);
    expect(login.body.code).toBe(ErrorCode.InvalidCredentials);
  });

  it('applies a role change at once to a token in use, though the gateway reuses the employee it read for a second', async () => {
    const colleague = await hire(app, admin, 'admin');
    await colleague.session.get('/employees').expect(200);
    await colleague.session.get('/employees').expect(200);

    await admin.patch(`/employees/${colleague.id}`, { role: 'agent' }).expect(200);

    const refused = await colleague.session.patch(`/employees/${colleague.id}`, { name: 'Renamed' }).expect(403);
    expect(refused.body.code).toBe(ErrorCode.Forbidden);
    const me = await colleague.session.get('/auth/me').expect(200);
    expect(me.body.role).toBe('agent');
  });

  it('counts parallel guesses before hashing them: of 30 at once for one email from one IP, only 3 are tried', async () => {
    const agent = await hire(app, admin);
    const attacker = freshIp();

    const responses = await Promise.all(Array.from({ length: 30 }, () => loginFrom(attacker, agent.email, 'a-guess')));

    const tried = responses.filter((response) => response.status === 401).length;
    const waiting = responses.filter((response) => response.status === 429).length;
    expect(tried + waiting).toBe(30);
    expect(tried).toBe(3);
    // the right password from there now waits too: nothing was learnt by the guesses that were not tried
    await loginFrom(attacker, agent.email, agent.password).expect(429);
  });

  it('cannot be used to lock an employee out: failures from one IP slow that IP, the owner logs in from another', async () => {
    const agent = await hire(app, admin);
    const attacker = freshIp();
    for (let attempt = 0; attempt < 3; attempt += 1)
      await loginFrom(attacker, agent.email, 'wrong-password').expect(401);

    const waiting = await loginFrom(attacker, agent.email, agent.password).expect(429);
    expect(waiting.body).toEqual({
      statusCode: 429,
      code: ErrorCode.TooManyRequests,
      message: expect.stringMatching(/^Too many failed logins; try again in \d+ seconds$/),
    });
    expect(Number(waiting.headers['retry-after'])).toBeGreaterThan(50);
    expect(Number(waiting.headers['retry-after'])).toBeLessThanOrEqual(60);
    await loginFrom(attacker, agent.email.toUpperCase(), agent.password).expect(429);

    await loginFrom(freshIp(), agent.email, agent.password).expect(200);
    // A token issued before keeps working: throttling guards the password, not the session.
    await agent.session.get('/auth/me').expect(200);
  });

  it('makes each further attempt wait twice as long as the one before', async () => {
    const agent = await hire(app, admin);
    const attacker = freshIp();
    const retryAfter = async () =>
      Number((await loginFrom(attacker, agent.email, 'wrong-password').expect(429)).headers['retry-after']);
    for (let attempt = 0; attempt < 3; attempt += 1)
      await loginFrom(attacker, agent.email, 'wrong-password').expect(401);
    expect(await retryAfter()).toBeGreaterThan(50);

    // The wait ends (the clock moved on, as far as the throttle is concerned) ...
    await app
      .get(DataSource)
      .query(`UPDATE auth.login_failures SET next_attempt_at = now() WHERE key LIKE $1`, [`pair:${attacker}:%`]);
    // ... one more guess is tried, and fails ...
    await loginFrom(attacker, agent.email, 'wrong-password').expect(401);
    // ... and the next one must wait twice as long.
    const longer = await retryAfter();
    expect(longer).toBeGreaterThan(110);
    expect(longer).toBeLessThanOrEqual(120);
  });

  it('slows an IP guessing across many emails, while other IPs log in', async () => {
    const attacker = freshIp();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await loginFrom(attacker, `guess${attempt}@example.com`, 'password-guess').expect(401);
    }

    const waiting = await loginFrom(attacker, ADMIN.email, ADMIN.password).expect(429);
    expect(waiting.body.code).toBe(ErrorCode.TooManyRequests);
    await loginFrom(freshIp(), ADMIN.email, ADMIN.password).expect(200);
  });

  it('clears an email’s failures from an IP when its owner logs in successfully from there', async () => {
    const agent = await hire(app, admin);
    const ip = freshIp();
    for (let round = 0; round < 2; round += 1) {
      await loginFrom(ip, agent.email, 'wrong-password').expect(401);
      await loginFrom(ip, agent.email, 'wrong-password').expect(401);
      await loginFrom(ip, agent.email, agent.password).expect(200);
    }
  });
});

describe('api-gateway first admin', () => {
  it('is created exactly once when several replicas start together on an empty database', async () => {
    const env = await TestEnvironment.create();
    const replicas: NestExpressApplication[] = [];
    try {
      const started = await Promise.allSettled([startTestGateway(env), startTestGateway(env), startTestGateway(env)]);
      for (const result of started) if (result.status === 'fulfilled') replicas.push(result.value);
      expect(started.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);

      const admin = await logIn(replicas[1], ADMIN.email, ADMIN.password);
      const employees = await admin.get('/employees').expect(200);
      expect(employees.body).toEqual([expect.objectContaining({ email: ADMIN.email, role: 'admin', active: true })]);
    } finally {
      for (const replica of replicas) await replica.close();
      await env.dispose();
    }
  });
});
