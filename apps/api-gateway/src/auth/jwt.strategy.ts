import { KeyObject, createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { GatewayConfig } from '../config';
import { Employee } from '../employees/employee.entity';
import { AccessTokenClaims, EmployeeAuthentication } from './employee-authentication';

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
 * expired; who it speaks for is EmployeeAuthentication's to say. A token verified before does not come here
 * (JwtAuthGuard).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: GatewayConfig,
    private readonly authentication: EmployeeAuthentication,
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
  validate(request: Request, claims: Partial<AccessTokenClaims>): Promise<Employee> {
    return this.authentication.acceptVerified(bearerToken(request), claims);
  }
}
