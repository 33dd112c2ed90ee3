import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { GatewayConfig } from '../config';
import { Employee } from '../employees/employee.entity';
import { AccessTokenResponse } from './dto/access-token.response.dto';
import { AccessTokenClaims } from './employee-authentication';
import { tokenLifetimeSeconds } from './token-lifetime';

/** Signs an employee's bearer token, stamped with their token version so a later change can end it. */
@Injectable()
export class AccessTokens {
  private readonly lifetimeSeconds: number;

  constructor(
    config: GatewayConfig,
    private readonly jwt: JwtService,
  ) {
    this.lifetimeSeconds = tokenLifetimeSeconds(config.JWT_EXPIRES_IN);
  }

  async issue(employee: Employee): Promise<AccessTokenResponse> {
    const claims: AccessTokenClaims = { sub: String(employee.id), ver: employee.tokenVersion };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.lifetimeSeconds });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.lifetimeSeconds };
  }
}
