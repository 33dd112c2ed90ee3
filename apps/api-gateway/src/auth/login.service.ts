import { Injectable, Logger } from '@nestjs/common';
import { CodedError, ErrorCode } from '@app/contracts';
import { EmployeeDirectory } from '../employees/employee-directory';
import { Employee } from '../employees/employee.entity';
import { PasswordHasher } from '../employees/password-hasher';
import { AccessTokens } from './access-tokens';
import { AccessTokenResponse } from './dto/access-token.response.dto';
import { LoginMetrics } from './login-metrics';
import { LoginThrottle } from './login-throttle';

/** Email and password in, a bearer token out; refuses the same way whatever was wrong. */
@Injectable()
export class LoginService {
  private readonly logger = new Logger(LoginService.name);

  constructor(
    private readonly directory: EmployeeDirectory,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly tokens: AccessTokens,
    private readonly metrics: LoginMetrics,
  ) {}

  async login(email: string, password: string, ip: string): Promise<AccessTokenResponse> {
    const employee = await this.checkPassword(email, password, ip);
    if (!employee?.active) {
      this.metrics.failed('login');
      this.logger.warn({ employeeId: employee?.id ?? null, ip }, 'Login failed');
      throw new CodedError(ErrorCode.InvalidCredentials, 'Invalid email or password');
    }
    this.logger.log({ employeeId: employee.id }, 'Employee logged in');
    return this.tokens.issue(employee);
  }

  /** A new password for the caller, who proves they know the current one; every earlier token ends. */
  async changeOwnPassword(
    caller: Employee,
    currentPassword: string,
    newPassword: string,
    ip: string,
  ): Promise<AccessTokenResponse> {
    if (!(await this.checkPassword(caller.email, currentPassword, ip))) {
      this.metrics.failed('password_change');
      this.logger.warn({ employeeId: caller.id, ip }, 'Password change refused: wrong current password');
      throw new CodedError(ErrorCode.CurrentPasswordWrong, 'The current password is wrong');
    }
    if (currentPassword === newPassword) {
      throw new CodedError(ErrorCode.ValidationFailed, 'newPassword must differ from currentPassword');
    }
    return this.tokens.issue(await this.directory.setPassword(caller.id, newPassword));
  }

  /**
   * The employee whose password this is, or null. The attempt is counted before the password is hashed
   * (LoginThrottle), so parallel guesses are counted too.
   */
  private async checkPassword(email: string, password: string, ip: string): Promise<Employee | null> {
    await this.throttle.countAttempt(email, ip);
    const employee = await this.directory.findByEmail(email);
    const passwordMatches = employee
      ? await this.hasher.verify(employee.passwordHash, password)
      : await this.hasher.verifyNobody(password);
    if (!employee || !passwordMatches) return null;
    await this.throttle.recordSuccess(email, ip);
    return employee;
  }
}
