import { Injectable } from '@nestjs/common';
import { CodedError, ErrorCode } from '@app/contracts';
import { EmployeeCache } from '../employees/employee-cache';
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

/**
 * Who a bearer token speaks for, decided in one place for every request and every open event stream.
 * A token whose signature this replica has checked before (and that has not expired) is not checked again;
 * the employee is always looked up, so deactivation or a role change takes effect at once rather than when
 * the token expires: through this replica at once, through another within EMPLOYEE_CACHE_TTL_MS (the row
 * is reused that long). A token issued before the employee's last password change or deactivation carries
 * an older token version and is refused the same way.
 */
@Injectable()
export class EmployeeAuthentication {
  private readonly verified = new VerifiedTokens<Partial<AccessTokenClaims>>();

  constructor(
    private readonly directory: EmployeeDirectory,
    private readonly employees: EmployeeCache,
  ) {}

  /** The claims of a token whose signature was checked here before, while it has not expired. */
  claimsVerifiedBefore(token: string): Partial<AccessTokenClaims> | undefined {
    return this.verified.claimsOf(token);
  }

  /** A token whose signature, algorithm and expiry were just checked: remembered, and its employee. */
  async acceptVerified(token: string | null, claims: Partial<AccessTokenClaims>): Promise<Employee> {
    if (token) this.verified.remember(token, claims);
    return this.employeeFor(claims);
  }

  /** The active employee a verified token names, or UNAUTHORIZED saying why not. */
  async employeeFor(claims: Partial<AccessTokenClaims>): Promise<Employee> {
    const id = typeof claims.sub === 'string' && /^\d{1,10}$/.test(claims.sub) ? Number(claims.sub) : NaN;
    if (!Number.isSafeInteger(id) || id < 1) throw new CodedError(ErrorCode.Unauthorized, 'The token is invalid');
    // Every request needs the row: it is read at most once per EMPLOYEE_CACHE_TTL_MS.
    const employee = await this.employees.get(id, () => this.directory.findById(id));
    if (!employee?.active) {
      throw new CodedError(ErrorCode.Unauthorized, 'The employee behind this token is deactivated or no longer exists');
    }
    if ((claims.ver ?? 0) !== employee.tokenVersion) {
      throw new CodedError(
        ErrorCode.Unauthorized,
        'The token was revoked (the password changed or the employee was deactivated); log in again',
      );
    }
    return employee;
  }
}
