import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG } from '@app/config';
import { CodedError, ErrorCode } from '@app/contracts';
import { GatewayConfig } from '../config';
import { EmployeeDirectory } from '../employees/employee-directory';
import { PasswordHasher } from '../employees/password-hasher';
import { AccessTokenResponse } from './dto/access-token.response.dto';
import { AccessTokenClaims } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import { tokenLifetimeSeconds } from './token-lifetime';

/** Email and password in, a bearer token out; refuses the same way whatever was wrong. */
@Injectable()
export class LoginService {
  private readonly logger = new Logger(LoginService.name);
  private readonly lifetimeSeconds: number;

  constructor(
    @Inject(APP_CONFIG) config: GatewayConfig,
    private readonly directory: EmployeeDirectory,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly jwt: JwtService,
  ) {
    this.lifetimeSeconds = tokenLifetimeSeconds(config.JWT_EXPIRES_IN);
  }

  async login(email: string, password: string, ip: string): Promise<AccessTokenResponse> {
    await this.throttle.assertAllowed(email, ip);
    const employee = await this.directory.findByEmail(email);
    const passwordMatches = employee
      ? await this.hasher.verify(employee.passwordHash, password)
      : await this.hasher.verifyNobody(password);
    if (!employee || !passwordMatches || !employee.active) {
      await this.throttle.recordFailure(email, ip);
      this.logger.warn({ employeeId: employee?.id ?? null, ip }, 'Login failed');
      throw new CodedError(ErrorCode.InvalidCredentials, 'Invalid email or password');
    }
    await this.throttle.recordSuccess(email);
    const claims: AccessTokenClaims = { sub: String(employee.id) };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.lifetimeSeconds });
    this.logger.log({ employeeId: employee.id }, 'Employee logged in');
    return { accessToken, tokenType: 'Bearer', expiresIn: this.lifetimeSeconds };
  }
}
