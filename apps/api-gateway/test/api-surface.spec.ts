import SwaggerParser from '@apidevtools/swagger-parser';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ErrorCode } from '@app/contracts';
import { ADMIN, AdminGateway, Session, http, logIn, startAdminGateway } from './gateway-harness';

type Parameter = {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  examples?: unknown;
  schema?: { example?: unknown };
};
type JsonBody = { example?: unknown; examples?: Record<string, { value: unknown }> };
type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, JsonBody> };
};
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** Routes anyone may call; everything else needs a bearer token. */
const PUBLIC_ROUTES = ['POST /auth/login', 'GET /health', 'GET /health/ready', 'GET /metrics'];

/** Every method and path the app really serves (from Express's router), in OpenAPI's spelling. */
function servedRoutes(app: NestExpressApplication): string[] {
  const router = (
    app.getHttpAdapter().getInstance() as {
      router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    }
  ).router;
  return (
    router.stack
      .flatMap((layer) =>
        layer.route ? Object.keys(layer.route.methods).map((method) => ({ method, path: layer.route!.path })) : [],
      )
      // Swagger UI's own routes, and Nest's catch-alls that answer unknown routes with 404
      .filter(({ path }) => !path.startsWith('/docs') && path !== '/{*path}')
      .map(({ method, path }) => `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`)
      .sort()
  );
}

function documentedRoutes(document: OpenApiDocument): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('api-gateway surface: OpenAPI, conventions, headers', () => {
  let gateway: AdminGateway;
  let app: NestExpressApplication;
  let admin: Session;
  let document: OpenApiDocument;

  beforeAll(async () => {
    gateway = await startAdminGateway();
    ({ app, admin } = gateway);
    document = (await http(app).get('/docs-json').expect(200)).body;
  });

  afterAll(() => gateway?.close());

  it('serves an OpenAPI 3 document that validates', async () => {
    expect(document.openapi).toMatch(/^3\./);
    // validate() dereferences in place: give it a copy
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('documents exactly the routes the app serves, and the design’s routes are among them', () => {
    const served = servedRoutes(app);
    expect(documentedRoutes(document)).toEqual(served);
    expect(served).toEqual(
      expect.arrayContaining([
        'POST /auth/login',
        'GET /auth/me',
        'POST /employees',
        'GET /employees',
        'PATCH /employees/{id}',
        'GET /tickets',
        'GET /tickets/{id}',
        'PATCH /tickets/{id}/status',
        'PATCH /tickets/{id}/assignee',
        'GET /tickets/{id}/messages',
        'POST /tickets/{id}/messages',
        'GET /reports/summary',
        'GET /reports/summary.csv',
        'GET /health',
        'GET /health/ready',
        'GET /metrics',
      ]),
    );
  });

  it('guards every route but the public ones: 401 UNAUTHORIZED without a token, and bearer auth in the document', async () => {
    for (const route of servedRoutes(app)) {
      const [method, path] = route.split(' ');
      const operation = document.paths[path][method.toLowerCase()];
      if (PUBLIC_ROUTES.includes(route)) {
        expect({ route, security: operation.security }).toEqual({ route, security: undefined });
        continue;
      }
      const url = path.replace(/\{\w+\}/g, '1');
      const response = await http(app)[method.toLowerCase() as 'get' | 'post' | 'patch'](url).send({});
      expect({ route, status: response.status, code: response.body.code }).toEqual({
        route,
        status: 401,
        code: ErrorCode.Unauthorized,
      });
      expect({ route, security: operation.security }).toEqual({ route, security: [{ bearer: [] }] });
      expect({ route, documents401: '401' in operation.responses }).toEqual({ route, documents401: true });
    }
  });

  it('documents the errors: 400 wherever there is input, 500 everywhere, 503/504 wherever ticket-service is called', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      if (path.startsWith('/health')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(operation.responses);
        const hasInput = (operation.parameters ?? []).length > 0 || method !== 'get' || path === '/employees';
        if (hasInput) expect({ route, statuses }).toEqual({ route, statuses: expect.arrayContaining(['400']) });
        expect({ route, statuses }).toEqual({ route, statuses: expect.arrayContaining(['500']) });
        if (path.startsWith('/tickets') || path.startsWith('/reports'))
          expect({ route, statuses }).toEqual({ route, statuses: expect.arrayContaining(['503', '504']) });
      }
    }
    const listParameters = document.paths['/tickets'].get.parameters!.map((parameter) => parameter.name).sort();
    expect(listParameters).toEqual([
      'assigneeId',
      'awaitingReply',
      'clientId',
      'cursor',
      'limit',
      'order',
      'priority',
      'q',
      'slaBreached',
      'sort',
      'status',
      'tag',
    ]);
  });

  it('takes Idempotency-Key on every employee POST but the password changes, and documents its 422 and 409', () => {
    const posts = Object.entries(document.paths).flatMap(([path, operations]) =>
      operations.post?.security ? [{ path, operation: operations.post }] : [],
    );
    expect(posts.length).toBeGreaterThanOrEqual(5);
    for (const { path, operation } of posts) {
      const takesKey = (operation.parameters ?? []).some(
        (parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === 'idempotency-key',
      );
      // A replay would keep the new bearer token, and a fast hash of the passwords, in the key store.
      const expected = !path.endsWith('/password');
      expect({ path, takesKey }).toEqual({ path, takesKey: expected });
      if (expected)
        expect({ path, statuses: Object.keys(operation.responses) }).toEqual({
          path,
          statuses: expect.arrayContaining(['409', '422']),
        });
    }
  });

  it('has Swagger UI keep the bearer token in memory, not in the browser’s localStorage', async () => {
    const init = await http(app).get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toMatch(/"persistAuthorization":\s*false/);
  });

  it('serves Swagger UI at /docs under a CSP that lets its own scripts run', async () => {
    const page = await http(app).get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const scripts = [...page.text.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      // resolved against the page's URL, as the browser does
      const asset = await http(app).get(new URL(script, 'http://gateway/docs').pathname).expect(200);
      expect(asset.headers['content-type']).toMatch(/javascript/);
    }
  });

  it('lets Swagger UI’s "Try it out" fill in no path id and no optional parameter', () => {
    const prefilled = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) =>
        (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'path' || !parameter.required)
          .filter(
            (parameter) =>
              parameter.example !== undefined ||
              parameter.examples !== undefined ||
              parameter.schema?.example !== undefined,
          )
          .map((parameter) => `${method.toUpperCase()} ${path} ${parameter.in} ${parameter.name}`),
      ),
    );
    expect(prefilled).toEqual([]);
  });

  it('fills in a reply and a login that "Execute" refuses with 400: nothing reaches a client, nothing counts toward the lockout', async () => {
    /** What Swagger UI puts in the body editor: the first named example, else the example. */
    const prefilledBody = (path: string, method: string) => {
      const json = document.paths[path][method].requestBody!.content['application/json'];
      return json.examples ? Object.values(json.examples)[0].value : json.example;
    };

    // Refused by validation, before the handler: nothing is stored, nothing is sent.
    const reply = await admin.post('/tickets/1/messages', prefilledBody('/tickets/{id}/messages', 'post') as object);
    expect(reply.body).toEqual({
      statusCode: 400,
      code: ErrorCode.ValidationFailed,
      message: expect.stringContaining('text must not be empty'),
    });

    const login = prefilledBody('/auth/login', 'post') as { email: string; password: string };
    expect(login.email).toBe(ADMIN.email);
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await http(app).post('/auth/login').send(login);
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 400,
        code: ErrorCode.ValidationFailed,
      });
    }
    await logIn(app, ADMIN.email, ADMIN.password);
  });

  it('sends security headers, the strictest CSP and no-store, with API responses', async () => {
    const response = await admin.get('/auth/me').expect(200);
    expect(response.headers).toMatchObject({
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'referrer-policy': 'no-referrer',
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers.etag).toBeUndefined();
  });

  it('answers an unknown route with 404 NOT_FOUND and a body too large with 413, in the error shape', async () => {
    const unknown = await admin.get('/nowhere').expect(404);
    expect(unknown.body).toEqual({
      statusCode: 404,
      code: ErrorCode.NotFound,
      message: expect.stringContaining('/nowhere'),
    });

    const huge = await http(app)
      .post('/auth/login')
      .send({ email: ADMIN.email, password: 'x'.repeat(300_000) })
      .expect(413);
    expect(huge.body).toEqual({
      statusCode: 413,
      code: ErrorCode.ValidationFailed,
      message: 'The request body is too large',
    });
  });

  it('answers health checks without a token', async () => {
    const live = await http(app).get('/health').expect(200);
    expect(live.body).toEqual({ status: 'ok' });
    const ready = await http(app).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { postgres: { status: 'up' }, rabbitmq: { status: 'up' } },
    });
  });
});
