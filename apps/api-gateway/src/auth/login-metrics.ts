import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ServiceMetrics } from '@app/telemetry';

/**
 * Password guessing as an operator sees it: attempts refused for a wrong email or password, and attempts
 * refused unchecked because their (email, IP) or IP must still wait (LoginThrottle). The labels are the
 * kind of key, never the email or the address.
 */
@Injectable()
export class LoginMetrics {
  private readonly failures: Counter<'attempt'>;
  private readonly throttled: Counter<'key'>;

  constructor(@Inject(ServiceMetrics) metrics: ServiceMetrics) {
    this.failures = new Counter({
      name: 'desk_login_failures_total',
      help: 'Wrong email or password, by attempt (login, or password_change: the current password was wrong)',
      labelNames: ['attempt'],
      registers: [metrics.registry],
    });
    this.throttled = new Counter({
      name: 'desk_logins_throttled_total',
      help: 'Login attempts refused with 429 before their password was checked, by the key that must wait (pair: email and IP, ip: the IP)',
      labelNames: ['key'],
      registers: [metrics.registry],
    });
  }

  failed(attempt: 'login' | 'password_change'): void {
    this.failures.inc({ attempt });
  }

  throttledOn(key: 'pair' | 'ip'): void {
    this.throttled.inc({ key });
  }
}
