import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

export class ConfigError extends Error {}

/** Variables from `.env` in the working directory, if there is one; the real environment wins. */
export function environmentWithDotEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const file = resolve(process.cwd(), env.ENV_FILE ?? '.env');
  if (!existsSync(file)) return env;
  return { ...parseEnv(readFileSync(file, 'utf8')), ...env };
}

/**
 * Parses the environment once against a schema. On failure the message is one line that names
 * every bad variable, e.g. `Invalid configuration: JWT_SECRET is required; GATEWAY_PORT must be a number`.
 */
export function parseConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const emptyAsMissing = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(emptyAsMissing);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || 'environment';
    if (issue.code === 'invalid_type' && issue.received === 'undefined') return `${name} is required`;
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** parseConfig for a process entry point: a bad config stops the process with its one line on stderr. */
export function loadConfigOrExit<S extends z.ZodTypeAny>(schema: S, env = environmentWithDotEnv()): z.output<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
