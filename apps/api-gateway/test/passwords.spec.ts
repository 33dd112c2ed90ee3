import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode } from '@app/contracts';
import { AdminGateway, Session, hire, http, logIn, startAdminGateway } from './gateway-harness';

describe('api-gateway passwords: change your own, an admin reset, and the tokens they end', () => {
  let gateway: AdminGateway;
  let app: NestExpressApplication;
  let admin: Session;

  beforeAll(async () => {
    gateway = await startAdminGateway();
    ({ app, admin } = gateway);
  });

  afterAll(() => gateway?.close());

  it('changes the caller’s own password given the current one, and ends every token issued before', async () => {
    const agent = await hire(app, admin);
    const otherDevice = await logIn(app, agent.email, agent.password);

    const changed = await agent.session
      .post('/auth/password', { currentPassword: agent.password, newPassword: 'a brand new passphrase' })
      .expect(200);
    expect(changed.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });

    for (const stolen of [agent.session, otherDevice]) {
      const refused = await stolen.get('/auth/me').expect(401);
      expect(refused.body).toMatchObject({ code: ErrorCode.Unauthorized, message: expect.stringMatching(/revoked/) });
    }
    await new Session(app, changed.body.accessToken).get('/auth/me').expect(200);
    await http(app).post('/auth/login').send({ email: agent.email, password: agent.password }).expect(401);
    await logIn(app, agent.email, 'a brand new passphrase');
  });

  it('refuses a wrong current password with 403 CURRENT_PASSWORD_WRONG and changes nothing', async () => {
    const agent = await hire(app, admin);

    const refused = await agent.session
      .post('/auth/password', { currentPassword: 'not my password', newPassword: 'a brand new passphrase' })
      .expect(403);
    expect(refused.body).toEqual({
      statusCode: 403,
      code: ErrorCode.CurrentPasswordWrong,
      message: 'The current password is wrong',
    });
    await agent.session.get('/auth/me').expect(200);
    await logIn(app, agent.email, agent.password);

    const tooShort = await agent.session
      .post('/auth/password', { currentPassword: agent.password, newPassword: 'short' })
      .expect(400);
    expect(tooShort.body.code).toBe(ErrorCode.ValidationFailed);
    await http(app)
      .post('/auth/password')
      .send({ currentPassword: agent.password, newPassword: 'a brand new passphrase' })
      .expect(401);
  });

  it('lets an admin set an employee’s password, which ends that employee’s tokens; an agent may not', async () => {
    const agent = await hire(app, admin);
    const colleague = await hire(app, admin);

    const forbidden = await colleague.session
      .post(`/employees/${agent.id}/password`, { password: 'taken over by a colleague' })
      .expect(403);
    expect(forbidden.body.code).toBe(ErrorCode.Forbidden);
    await agent.session.get('/auth/me').expect(200);

    const reset = await admin
      .post(`/employees/${agent.id}/password`, { password: 'a temporary passphrase' })
      .expect(200);
    expect(reset.body).toMatchObject({ id: agent.id, email: agent.email });
    expect(reset.body).not.toHaveProperty('passwordHash');

    await agent.session.get('/auth/me').expect(401);
    await logIn(app, agent.email, 'a temporary passphrase');
    await admin.post('/employees/999999/password', { password: 'a temporary passphrase' }).expect(404);
  });

  it('keeps the tokens of a deactivated employee dead after they are reactivated', async () => {
    const agent = await hire(app, admin);
    await admin.patch(`/employees/${agent.id}`, { active: false }).expect(200);
    await admin.patch(`/employees/${agent.id}`, { active: true }).expect(200);

    const refused = await agent.session.get('/auth/me').expect(401);
    expect(refused.body.code).toBe(ErrorCode.Unauthorized);
    await logIn(app, agent.email, agent.password);
  });
});

describe('api-gateway: who sees what', () => {
  let gateway: AdminGateway;
  let app: NestExpressApplication;
  let admin: Session;

  beforeAll(async () => {
    gateway = await startAdminGateway({ SWAGGER_ENABLED: 'false' });
    ({ app, admin } = gateway);
  });

  afterAll(() => gateway?.close());

  it('shows an agent colleagues’ ids and names but not their emails; an admin sees everything', async () => {
    const agent = await hire(app, admin);

    const seenByAgent = await agent.session.get('/employees').expect(200);
    expect(seenByAgent.body).toContainEqual({ id: agent.id, name: expect.any(String), role: 'agent', active: true });
    expect(JSON.stringify(seenByAgent.body)).not.toContain('@example.com');

    const seenByAdmin = await admin.get('/employees').expect(200);
    expect(seenByAdmin.body).toContainEqual(expect.objectContaining({ id: agent.id, email: agent.email }));
    // their own email an agent still sees
    expect((await agent.session.get('/auth/me').expect(200)).body.email).toBe(agent.email);
  });

  it('serves no API map when SWAGGER_ENABLED=false', async () => {
    for (const path of ['/docs', '/docs-json', '/docs-yaml']) {
      const response = await http(app).get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });
});
