import { KeyObject, createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { CodedError, ErrorCode } from '@app/contracts';
import { GatewayConfig } from '../config';
import { EmployeeDirectory } from '../employees/employee-directory';
import { Employee } from '../employees/employee.entity';
import { VerifiedTokens } from './verified-tokens';

export interface AccessTokenClaims {
  /** the employee id, as a string (RFC 7519) */
  sub: string;
  /** the employee's token version at issue; a password change or deactivation moves it on (absent: 0) */
  ver?: number;
  /** expiry, epoch seconds */
  exp?: number;
}

/** The token of `Authorization: Bearer <token>`, if there is one. */
export const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

export const JWT_ALGORITHM = 'HS256';

/**
 * JWT_SECRET as a KeyObject: given a string, jsonwebtoken first tries to parse it as a PEM public key on
 * every verify (and fails), which cost ~0.5 ms of CPU per request; a KeyObject costs ~8 µs.
 */
export function jwtSigningKey(config: GatewayConfig): KeyObject {
  return createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8'));
}

/**
 * Accepts a bearer token signed with JWT_SECRET (HS256 only: no `none`, no algorithm confusion) and not
 * expired, then looks the employee up by primary key, so deactivation or a role change takes effect at
 * once rather than when the token expires: through this replica at once, through another within
 * EMPLOYEE_CACHE_TTL_MS (the row is reused that long). A token issued before the employee's last password
 * change or deactivation carries an older token version and is refused the same way.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  /** Tokens that passed the full check here; JwtAuthGuard looks a token up before running passport. */
  readonly verified = new VerifiedTokens<Partial<AccessTokenClaims>>();

  constructor(
    config: GatewayConfig,
    private readonly directory: EmployeeDirectory,
  ) {
    super({
      jwtFromRequest: bearerToken,
      // passport-jwt's types say string | Buffer, but it hands the key to jsonwebtoken, which takes a KeyObject
      secretOrKey: jwtSigningKey(config) as unknown as Buffer,
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  /** Called by passport once the token's signature, algorithm and expiry have been checked. */
  async validate(request: Request, claims: Partial<AccessTokenClaims>): Promise<Employee> {
    const token = bearerToken(request);
    if (token) this.verified.remember(token, claims);
    return this.employeeFor(claims);
  }

  /** The active employee a verified token names. */
  async employeeFor(claims: Partial<AccessTokenClaims>): Promise<Employee> {
    const id = typeof claims.sub === 'string' && /^\d{1,10}$/.test(claims.sub) ? Number(claims.sub) : NaN;
    if (!Number.isSafeInteger(id) || id < 1) throw new CodedError(ErrorCode.Unauthorized, 'The token is invalid');
    const employee = await this.directory.findForRequest(id);
    if (!employee?.active) {
      throw new CodedError(ErrorCode.Unauthorized, 'The employee behind this token is deactivated or no longer exists');
    }
    if ((claims.ver ?? 0) !== employee.tokenVersion) {
      throw new CodedError(ErrorCode.Unauthorized, 'The token was revoked (the password changed or the employee was deactivated); log in again');
    }
    return employee;
  }
}
