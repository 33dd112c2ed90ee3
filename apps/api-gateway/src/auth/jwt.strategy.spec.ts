import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import passport from 'passport';
import { ErrorCode } from '@app/contracts';
import { GatewayConfig } from '../config';
import { EmployeeCache } from '../employees/employee-cache';
import { EmployeeDirectory } from '../employees/employee-directory';
import { Employee } from '../employees/employee.entity';
import { EmployeeAuthentication } from './employee-authentication';
import { JwtStrategy } from './jwt.strategy';

const SECRET = 'a-secret-that-is-long-enough-for-hs256-0123456789';

interface Outcome {
  error: unknown;
  employee: Employee | false;
  info: unknown;
}

/** What passport (as AuthGuard('jwt') runs it) makes of a request with this bearer token. */
function authenticate(token: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = { headers: { authorization: `Bearer ${token}` } } as unknown as Request;
    const middleware = passport.authenticate(
      'jwt',
      { session: false },
      (error: unknown, employee: Employee | false, info: unknown) => resolve({ error, employee, info }),
    ) as (request: Request, response: unknown, next: () => void) => void;
    middleware(request, {}, () => undefined);
  });
}

/** The strategy registers itself with passport as 'jwt', replacing the one before. */
const strategyWith = (secret: string, authentication: EmployeeAuthentication) =>
  new JwtStrategy({ JWT_SECRET: secret } as GatewayConfig, authentication);

const tokenOf = (claims: object, secret = SECRET) =>
  new JwtService({ secret }).sign(claims, { algorithm: 'HS256', expiresIn: 3600 });

describe('JwtStrategy with EmployeeAuthentication', () => {
  let employees: Map<number, Employee>;
  let authentication: EmployeeAuthentication;

  beforeEach(() => {
    employees = new Map([
      [7, Object.assign(new Employee(), { id: 7, name: 'Anna', role: 'agent', active: true, tokenVersion: 0 })],
    ]);
    const directory = { findById: async (id: number) => employees.get(id) ?? null } as unknown as EmployeeDirectory;
    authentication = new EmployeeAuthentication(directory, new EmployeeCache(0));
    strategyWith(SECRET, authentication);
  });

  it('accepts a signed token and answers its employee; refuses a forged one', async () => {
    expect((await authenticate(tokenOf({ sub: '7', ver: 0 }))).employee).toMatchObject({ id: 7 });
    const forged = await authenticate(tokenOf({ sub: '7', ver: 0 }, 'another-secret-that-is-long-enough-0123456789'));
    expect(forged.employee).toBe(false);
    expect(forged.info).toMatchObject({ name: 'JsonWebTokenError' });
  });

  it('skips the signature check of a token it verified before, and only of that one', async () => {
    const verified = tokenOf({ sub: '7', ver: 0 });
    await authenticate(verified);
    // Under another secret, passport-jwt would refuse every token: only a remembered one gets through.
    strategyWith('another-secret-that-is-long-enough-0123456789', authentication);
    expect((await authenticate(verified)).employee).toMatchObject({ id: 7 });
    expect((await authenticate(tokenOf({ sub: '7', ver: 0, n: 2 }))).employee).toBe(false);
  });

  it('still looks the employee up for a remembered token: deactivation and revocation apply at once', async () => {
    const token = tokenOf({ sub: '7', ver: 0 });
    await authenticate(token);
    employees.get(7)!.tokenVersion = 1;
    expect((await authenticate(token)).error).toMatchObject({
      code: ErrorCode.Unauthorized,
      message: expect.stringMatching(/revoked/),
    });
    employees.get(7)!.active = false;
    expect((await authenticate(token)).error).toMatchObject({
      code: ErrorCode.Unauthorized,
      message: expect.stringMatching(/deactivated/),
    });
  });
});
