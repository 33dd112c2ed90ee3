import { JwtService } from '@nestjs/jwt';
import { ExecutionContext } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ErrorCode } from '@app/contracts';
import { GatewayConfig } from '../config';
import { EmployeeCache } from '../employees/employee-cache';
import { EmployeeDirectory } from '../employees/employee-directory';
import { Employee } from '../employees/employee.entity';
import { AuthenticatedRequest } from './authenticated-request';
import { EmployeeAuthentication } from './employee-authentication';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';

const SECRET = 'a-secret-that-is-long-enough-for-hs256-0123456789';

interface Outcome {
  error: unknown;
  employee: Employee | undefined;
}

/** What JwtAuthGuard (and behind it passport with JwtStrategy) makes of a request with this bearer token. */
async function authenticate(guard: JwtAuthGuard, token: string): Promise<Outcome> {
  const request = { headers: { authorization: `Bearer ${token}` } } as unknown as AuthenticatedRequest;
  const context = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
  } as unknown as ExecutionContext;
  try {
    expect(await guard.canActivate(context)).toBe(true);
    return { error: undefined, employee: request.user };
  } catch (error) {
    return { error, employee: undefined };
  }
}

/** The strategy registers itself with passport as 'jwt', replacing the one before. */
const strategyWith = (secret: string, authentication: EmployeeAuthentication) =>
  new JwtStrategy({ JWT_SECRET: secret } as GatewayConfig, authentication);

const tokenOf = (claims: object, secret = SECRET) =>
  new JwtService({ secret }).sign(claims, { algorithm: 'HS256', expiresIn: 3600 });

describe('JwtAuthGuard and JwtStrategy with EmployeeAuthentication', () => {
  let employees: Map<number, Employee>;
  let authentication: EmployeeAuthentication;
  let guard: JwtAuthGuard;

  beforeEach(() => {
    employees = new Map([
      [7, Object.assign(new Employee(), { id: 7, name: 'Anna', role: 'agent', active: true, tokenVersion: 0 })],
    ]);
    const directory = { findById: async (id: number) => employees.get(id) ?? null } as unknown as EmployeeDirectory;
    authentication = new EmployeeAuthentication(directory, new EmployeeCache(0));
    strategyWith(SECRET, authentication);
    guard = new JwtAuthGuard({ get: () => authentication } as unknown as ModuleRef);
  });

  it('accepts a signed token and answers its employee; refuses a forged one', async () => {
    expect((await authenticate(guard, tokenOf({ sub: '7', ver: 0 }))).employee).toMatchObject({ id: 7 });
    const forged = await authenticate(
      guard,
      tokenOf({ sub: '7', ver: 0 }, 'another-secret-that-is-long-enough-0123456789'),
    );
    expect(forged).toEqual({
      error: expect.objectContaining({ code: ErrorCode.Unauthorized, message: 'The token is invalid' }),
      employee: undefined,
    });
  });

  it('skips the signature check of a token it verified before, and only of that one', async () => {
    const verified = tokenOf({ sub: '7', ver: 0 });
    await authenticate(guard, verified);
    // Under another secret, passport-jwt would refuse every token: only a remembered one gets through.
    strategyWith('another-secret-that-is-long-enough-0123456789', authentication);
    expect((await authenticate(guard, verified)).employee).toMatchObject({ id: 7 });
    expect((await authenticate(guard, tokenOf({ sub: '7', ver: 0, n: 2 }))).employee).toBeUndefined();
  });

  it('still looks the employee up for a remembered token: deactivation and revocation apply at once', async () => {
    const token = tokenOf({ sub: '7', ver: 0 });
    await authenticate(guard, token);
    employees.get(7)!.tokenVersion = 1;
    expect((await authenticate(guard, token)).error).toMatchObject({
      code: ErrorCode.Unauthorized,
      message: expect.stringMatching(/revoked/),
    });
    employees.get(7)!.active = false;
    expect((await authenticate(guard, token)).error).toMatchObject({
      code: ErrorCode.Unauthorized,
      message: expect.stringMatching(/deactivated/),
    });
  });
});
