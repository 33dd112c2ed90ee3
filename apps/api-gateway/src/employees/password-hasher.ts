import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id with the library's defaults (64 MiB, 3 passes): slow for an attacker, ~0.1 s for a login. */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
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
