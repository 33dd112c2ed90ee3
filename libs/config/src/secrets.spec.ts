import { z } from 'zod';
import { ConfigError, parseConfig } from './load-config';
import { estimatedEntropyBits, isPlaceholder, secret } from './secrets';

const schema = z.object({
  JWT_SECRET: secret({ minLength: 32, minBits: 112, hint: 'e.g. `openssl rand -base64 48`' }),
});

describe('secret', () => {
  it('accepts a random secret', () => {
    const value = 'q3J9vX2mT7bN4kLp8sR1wZ6yH0cF5dGaE2uQ';
    expect(parseConfig(schema, { JWT_SECRET: value })).toEqual({ JWT_SECRET: value });
  });

  it.each([
    [
      'the .env.example placeholder',
      'change-me-to-a-long-random-secret-of-at-least-32-chars',
      'is a placeholder from an example; set a real one',
    ],
    [
      'a CHANGE_ME template',
      'CHANGE_ME_to_at_least_32_random_characters',
      'is a placeholder from an example; set a real one',
    ],
    ['a short secret', 'x7Gq2', 'must be at least 32 characters'],
    ['a repeated pattern', 'abababababababababababababababababab', 'is too predictable'],
  ])('refuses %s with one problem named', (_case, value, problem) => {
    const parse = () => parseConfig(schema, { JWT_SECRET: value });
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(`Invalid configuration: JWT_SECRET: ${problem} (e.g. \`openssl rand -base64 48\`)`);
  });

  it('estimates entropy from the text’s own character frequencies', () => {
    expect(estimatedEntropyBits('aaaaaaaa')).toBe(0);
    expect(estimatedEntropyBits('abcdefgh')).toBe(24);
    expect(isPlaceholder('replace_me')).toBe(true);
    expect(isPlaceholder('first-admin-password')).toBe(false);
  });
});
