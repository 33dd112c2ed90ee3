import { z } from 'zod';

/**
 * Values that say "put your own here": the ones our examples ship with (`.env.example`,
 * `infra/k8s/secret.example.yaml`) and the usual ways of writing one. A desk started with one of them
 * would let anyone who read the example sign an admin token or post fake Telegram updates.
 */
const PLACEHOLDER =
  /change[\W_]*me|replace[\W_]*me|placeholder|your[\W_]*(own[\W_]*)?(secret|password|token)|^(secret|password|admin|test|example)$/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

/**
 * Bits of entropy the text shows at most, from its own character frequencies (Shannon, times its length):
 * `aaaa…` or `abab…` score low however long they are; 48 random bytes in base64 score about 370.
 * An estimate from above, so it can only refuse secrets that are certainly weak.
 */
export function estimatedEntropyBits(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  const length = [...value].length;
  let bitsPerCharacter = 0;
  for (const count of counts.values()) bitsPerCharacter -= (count / length) * Math.log2(count / length);
  return bitsPerCharacter * length;
}

export interface SecretRules {
  minLength: number;
  /** the least `estimatedEntropyBits` accepted */
  minBits?: number;
  /** the least number of different characters accepted */
  minDistinct?: number;
  /** how to make a good one, for the error line */
  hint: string;
}

/** A secret from the environment: long enough, not a placeholder, not obviously guessable; one problem named. */
export function secret({ minLength, minBits = 0, minDistinct = 0, hint }: SecretRules) {
  return z.string().superRefine((value, context) => {
    const problem = isPlaceholder(value)
      ? 'is a placeholder from an example; set a real one'
      : value.length < minLength
        ? `must be at least ${minLength} characters`
        : estimatedEntropyBits(value) < minBits || new Set(value).size < minDistinct
          ? 'is too predictable'
          : undefined;
    if (problem) context.addIssue({ code: 'custom', message: `${problem} (${hint})` });
  });
}
