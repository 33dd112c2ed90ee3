import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode } from '@app/contracts';
import { TestEnvironment } from '@app/testing';
import {
  ADMIN,
  AdminGateway,
  Session,
  hire,
  http,
  logIn,
  startAdminGateway,
  startTestGateway,
} from './gateway-harness';

describe('api-gateway employees', () => {
  let gateway: AdminGateway;
  let app: NestExpressApplication;
  let admin: Session;
  let adminId: number;

  beforeAll(async () => {
    gateway = await startAdminGateway();
    ({ app, admin } = gateway);
    adminId = (await admin.get('/auth/me')).body.id;
  });

  afterAll(() => gateway?.close());

  it('lets an admin create an agent, who can then log in; the password never comes back', async () => {
    const created = await admin
      .post('/employees', {
        email: '  Anna.Petrova@Example.com ',
        password: 'anna-password',
        name: ' Anna Petrova ',
        role: 'agent',
      })
      .expect(201);

    expect(created.body).toEqual({
      id: expect.any(Number),
      email: 'Anna.Petrova@Example.com',
      name: 'Anna Petrova',
      role: 'agent',
      active: true,
      away: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const anna = await logIn(app, 'anna.petrova@example.com', 'anna-password');
    const me = await anna.get('/auth/me').expect(200);
    expect(me.body).toEqual(created.body);

    const list = await admin.get('/employees').expect(200);
    expect(list.body).toEqual(
      expect.arrayContaining([created.body, expect.objectContaining({ id: adminId, role: 'admin' })]),
    );
    for (const employee of list.body)
      expect(Object.keys(employee).sort()).toEqual(['active', 'away', 'createdAt', 'email', 'id', 'name', 'role']);
  });

  it('refuses an email already taken, whatever its case, with 409 EMAIL_TAKEN, even when two requests race', async () => {
    await admin
      .post('/employees', { email: 'boris@example.com', password: 'boris-password', name: 'Boris', role: 'agent' })
      .expect(201);

    const taken = await admin
      .post('/employees', { email: 'BORIS@example.com', password: 'other-password', name: 'Boris 2', role: 'admin' })
      .expect(409);
    expect(taken.body).toEqual({
      statusCode: 409,
      code: ErrorCode.EmailTaken,
      message: expect.stringContaining('BORIS@example.com'),
    });

    const racing = await Promise.all(
      [1, 2, 3].map((n) =>
        admin.post('/employees', {
          email: 'vera@example.com',
          password: 'vera-password',
          name: `Vera ${n}`,
          role: 'agent',
        }),
      ),
    );
    expect(racing.map((response) => response.status).sort()).toEqual([201, 409, 409]);
  });

  it('refuses an invalid employee with 400 VALIDATION_FAILED naming every problem', async () => {
    const response = await admin
      .post('/employees', { email: 'not-an-email', password: 'short', name: '', role: 'boss', salary: 1 })
      .expect(400);

    expect(response.body).toMatchObject({ statusCode: 400, code: ErrorCode.ValidationFailed });
    for (const problem of [
      'property salary should not exist',
      'email must be an email address',
      'password',
      'name',
      'role must be one of admin, agent',
    ]) {
      expect(response.body.message).toContain(problem);
    }
    await admin.post('/employees', {}).expect(400);
  });

  it('lets an agent list employees but not create or change them (403 FORBIDDEN)', async () => {
    const agent = await hire(app, admin, 'agent');

    await agent.session.get('/employees').expect(200);
    const create = await agent.session
      .post('/employees', { email: 'sneaky@example.com', password: 'sneaky-password', name: 'Sneaky', role: 'admin' })
      .expect(403);
    expect(create.body).toEqual({ statusCode: 403, code: ErrorCode.Forbidden, message: 'Only an admin may do this' });
    await agent.session.patch(`/employees/${agent.id}`, { role: 'admin' }).expect(403);

    const me = await agent.session.get('/auth/me').expect(200);
    expect(me.body.role).toBe('agent');
    const sneaky = await admin.get('/employees');
    expect(sneaky.body.map((employee: { email: string }) => employee.email)).not.toContain('sneaky@example.com');
  });

  it('lets an admin rename, promote and deactivate an employee; role changes apply to tokens already issued', async () => {
    const agent = await hire(app, admin, 'agent');

    const renamed = await admin.patch(`/employees/${agent.id}`, { name: 'Galina Ivanova' }).expect(200);
    expect(renamed.body).toMatchObject({ id: agent.id, name: 'Galina Ivanova', role: 'agent', active: true });

    await admin.patch(`/employees/${agent.id}`, { role: 'admin' }).expect(200);
    // The same token now carries admin rights: the role is read from the database, not the token.
    await agent.session
      .post('/employees', { email: 'hired-by-galina@example.com', password: 'password-1', name: 'H', role: 'agent' })
      .expect(201);

    const deactivated = await admin.patch(`/employees/${agent.id}`, { active: false }).expect(200);
    expect(deactivated.body).toMatchObject({ id: agent.id, active: false });
    const list = await admin.get('/employees').expect(200);
    expect(list.body).toContainEqual(expect.objectContaining({ id: agent.id, active: false }));
  });

  it('answers PATCH /employees/{id} with 404 for an unknown id and 400 for a bad id or body', async () => {
    const missing = await admin.patch('/employees/999999', { name: 'Nobody' }).expect(404);
    expect(missing.body).toEqual({
      statusCode: 404,
      code: ErrorCode.EmployeeNotFound,
      message: 'Employee #999999 not found',
    });

    for (const id of ['abc', '0', '-3', '1.5', '1e3', '99999999999']) {
      const response = await admin.patch(`/employees/${id}`, { name: 'X' });
      expect({ id, status: response.status, code: response.body.code }).toEqual({
        id,
        status: 400,
        code: ErrorCode.ValidationFailed,
      });
    }
    const empty = await admin.patch(`/employees/${adminId}`, {}).expect(400);
    expect(empty.body.message).toBe('Give at least one of name, role, active, away');
    await admin.patch(`/employees/${adminId}`, { active: 'no' }).expect(400);
    await admin.patch(`/employees/${adminId}`, { password: 'new-password' }).expect(400);
  });

  it('refuses unknown query parameters on the list', async () => {
    const response = await admin.get('/employees?role=admin').expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      code: ErrorCode.ValidationFailed,
      message: 'property role should not exist',
    });
  });

  it('requires a token for every employee endpoint', async () => {
    await http(app).get('/employees').expect(401);
    await http(app).post('/employees').send({}).expect(401);
    await http(app).patch(`/employees/${adminId}`).send({ name: 'X' }).expect(401);
  });
});

describe('api-gateway last admin', () => {
  it('never leaves the desk without an active admin (409 LAST_ADMIN), even when two admins demote each other at once', async () => {
    // A desk of its own, where the first admin is the only one. (Not beside the other suite's gateway:
    // passport keeps strategies per process, so only one gateway at a time runs in a test file.)
    const env2 = await TestEnvironment.create();
    const app2 = await startTestGateway(env2);
    try {
      const first = await logIn(app2, ADMIN.email, ADMIN.password);
      const firstId = (await first.get('/auth/me')).body.id;

      const alone = await first.patch(`/employees/${firstId}`, { active: false }).expect(409);
      expect(alone.body).toEqual({
        statusCode: 409,
        code: ErrorCode.LastAdmin,
        message: `Employee #${firstId} is the last active admin`,
      });
      await first.patch(`/employees/${firstId}`, { role: 'agent' }).expect(409);

      const second = await hire(app2, first, 'admin');
      const results = await Promise.all([
        first.patch(`/employees/${second.id}`, { role: 'agent' }),
        second.session.patch(`/employees/${firstId}`, { role: 'agent' }),
      ]);
      const statuses = results.map((response) => response.status).sort();
      // One demotion wins; the other either finds itself the last admin or is no longer an admin at all.
      expect([
        [200, 409],
        [200, 403],
      ]).toContainEqual(statuses);

      // Both are still active employees (an agent may list employees too).
      const employees = await first.get('/employees').expect(200);
      expect(
        employees.body.filter(
          (employee: { role: string; active: boolean }) => employee.role === 'admin' && employee.active,
        ),
      ).toHaveLength(1);
    } finally {
      await app2.close();
      await env2.dispose();
    }
  });
});
