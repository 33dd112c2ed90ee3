import argon2 from 'argon2';
import { PasswordHasher } from './password-hasher';
import { GatewayConfig } from '../config';

describe('PasswordHasher', () => {
  it('runs at most PASSWORD_HASH_CONCURRENCY hashes at once, however many logins arrive together', async () => {
    const hasher = new PasswordHasher({ PASSWORD_HASH_CONCURRENCY: 2 } as GatewayConfig);
    const hash = await hasher.hash('the right password');
    let mostAtOnce = 0;
    let running = 0;
    const verify = jest.spyOn(argon2, 'verify').mockImplementation(async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      // a real argon2 verify yields to the event loop while its thread pool works; so does this one
      await new Promise<void>((resolve) => setImmediate(resolve));
      running -= 1;
      return false;
    });
    try {
      const results = await Promise.all(Array.from({ length: 12 }, () => hasher.verify(hash, 'a guess')));
      expect(results).toEqual(Array(12).fill(false));
      expect(verify).toHaveBeenCalledTimes(12);
      expect(mostAtOnce).toBe(2);
    } finally {
      verify.mockRestore();
    }
  });

  it('still tells the right password from a wrong one', async () => {
    const hasher = new PasswordHasher({ PASSWORD_HASH_CONCURRENCY: 1 } as GatewayConfig);
    const hash = await hasher.hash('the right password');
    await expect(hasher.verify(hash, 'the right password')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'a wrong password')).resolves.toBe(false);
    await expect(hasher.verifyNobody('the right password')).resolves.toBe(false);
  });
});
