import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import pLimit, { Limit } from 'p-limit';
import { GatewayConfig } from '../config';

/**
 * argon2id with the library's defaults (64 MiB, 3 passes): slow for an attacker, ~0.1 s for a login.
 * At most PASSWORD_HASH_CONCURRENCY hashes run at once (p-limit queues the rest), so a burst of logins
 * waits instead of taking 64 MiB each past the pod's memory limit.
 */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;
  private readonly limit: Limit;

  constructor(config: GatewayConfig) {
    this.limit = pLimit(config.PASSWORD_HASH_CONCURRENCY);
  }

  /** Hashes running now; never more than PASSWORD_HASH_CONCURRENCY. */
  get running(): number {
    return this.limit.activeCount;
  }

  hash(password: string): Promise<string> {
    return this.limit(() => argon2.hash(password, { type: argon2.argon2id }));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await this.limit(() => argon2.verify(hash, password));
    } catch {
      return false;
    }
  }

  /** Spends the time a real check takes, so an unknown email cannot be told apart by the response time. */
  async verifyNobody(password: string): Promise<false> {
    this.dummyHash ??= this.hash('no employee has this password');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
