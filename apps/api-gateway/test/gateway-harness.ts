import { createHmac } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { parseConfig } from '@app/config';
import { TestEnvironment } from '@app/testing';
import { startGateway } from '../src/bootstrap';
import { gatewayEnv } from '../src/config';

export const JWT_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-0123456789';
export const ADMIN = { email: 'admin@example.com', password: 'first-admin-password' } as const;

/** The gateway's variables for a test environment; `extra` overrides any of them. */
export function gatewayVariables(env: TestEnvironment, extra: Record<string, string> = {}): Record<string, string> {
  return env.env({
    JWT_SECRET,
    JWT_EXPIRES_IN: '1h',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    RPC_TIMEOUT_MS: '3000',
    LOG_LEVEL: 'silent',
    ...extra,
  });
}

/** The real gateway, as main starts it, on a free port. */
export function startTestGateway(
  env: TestEnvironment,
  extra: Record<string, string> = {},
): Promise<NestExpressApplication> {
  return startGateway(parseConfig(gatewayEnv, gatewayVariables(env, extra)), { port: 0 });
}

/** Requests as one employee: every call carries that employee's bearer token. */
export class Session {
  constructor(
    private readonly app: NestExpressApplication,
    readonly token: string,
  ) {}

  get(path: string) {
    return request(this.app.getHttpServer()).get(path).set('Authorization', `Bearer ${this.token}`);
  }

  post(path: string, body?: object) {
    return request(this.app.getHttpServer()).post(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }

  patch(path: string, body?: object) {
    return request(this.app.getHttpServer()).patch(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }

  put(path: string, body?: object) {
    return request(this.app.getHttpServer()).put(path).set('Authorization', `Bearer ${this.token}`).send(body);
  }

  delete(path: string) {
    return request(this.app.getHttpServer()).delete(path).set('Authorization', `Bearer ${this.token}`);
  }
}

export function http(app: NestExpressApplication) {
  return request(app.getHttpServer());
}

export async function logIn(app: NestExpressApplication, email: string, password: string): Promise<Session> {
  const response = await http(app).post('/auth/login').send({ email, password });
  if (response.status !== 200)
    throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return new Session(app, response.body.accessToken as string);
}

let employeeCounter = 0;

/** Creates an employee through the API (as an admin) and logs them in. */
export interface Hired {
  session: Session;
  id: number;
  email: string;
  password: string;
}

export async function hire(
  app: NestExpressApplication,
  admin: Session,
  role: 'admin' | 'agent' = 'agent',
): Promise<Hired> {
  employeeCounter += 1;
  const email = `${role}${employeeCounter}.${Date.now().toString(36)}@example.com`;
  const password = `password-of-${role}-${employeeCounter}`;
  const created = await admin.post('/employees', { email, password, name: `${role} ${employeeCounter}`, role });
  if (created.status !== 201) throw new Error(`hiring failed: ${created.status} ${JSON.stringify(created.body)}`);
  return { session: await logIn(app, email, password), id: created.body.id as number, email, password };
}

/** A JWT built by hand, to present the gateway with tokens it did not issue. */
export function craftToken(
  claims: object,
  { secret = JWT_SECRET, alg = 'HS256' }: { secret?: string; alg?: string } = {},
): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode({ alg, typ: 'JWT' })}.${encode(claims)}`;
  if (alg === 'none') return `${unsigned}.`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}

/** A gateway on a test environment of its own (database and vhost), with the first admin logged in. */
export interface AdminGateway {
  env: TestEnvironment;
  app: NestExpressApplication;
  admin: Session;
  /** Stops the gateway and drops its environment. */
  close(): Promise<void>;
}

/** The setup of most gateway specs: `extra` overrides the gateway's variables. */
export async function startAdminGateway(extra: Record<string, string> = {}): Promise<AdminGateway> {
  const env = await TestEnvironment.create();
  let app: NestExpressApplication | undefined;
  try {
    app = await startTestGateway(env, extra);
    const admin = await logIn(app, ADMIN.email, ADMIN.password);
    const started = app;
    return {
      env,
      app: started,
      admin,
      close: async () => {
        await started.close();
        await env.dispose();
      },
    };
  } catch (error) {
    await app?.close();
    await env.dispose();
    throw error;
  }
}
