import type { NextFunction, Request, Response } from 'express';
import { CodedError, ErrorCode, hasUnstorableText } from '@app/contracts';

/** Deeper than any body the API takes; the validation pipe recurses, so depth is bounded before it runs. */
export const MAX_INPUT_DEPTH = 32;

/** The first problem in a parsed body or query, naming the field, or undefined when it is fine. */
export function inputProblem(value: unknown, root: string): string | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, path, depth } = pending.pop()!;
    if (typeof current === 'string') {
      if (hasUnstorableText(current)) return `${path} contains U+0000 or a lone UTF-16 surrogate, which is not text`;
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return `${path} is nested deeper than ${MAX_INPUT_DEPTH} levels`;
    for (const [key, child] of Object.entries(current)) {
      const childPath = Array.isArray(current) ? `${path}[${key}]` : `${path}.${key}`;
      if (hasUnstorableText(key)) return `${path} has a property name with U+0000 or a lone UTF-16 surrogate`;
      pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Express middleware, after the body parser: refuses input no handler can use before the validation pipe
 * sees it (a 20,000-deep body overflows its recursion; `isEmail` throws on a lone surrogate; Postgres refuses
 * U+0000). 400 VALIDATION_FAILED naming the field.
 */
export function refuseUnusableInput(): (req: Request, res: Response, next: NextFunction) => void {
  return (req, _res, next) => {
    const problem = inputProblem(req.body, 'body') ?? inputProblem(req.query, 'query');
    next(problem ? new CodedError(ErrorCode.ValidationFailed, problem) : undefined);
  };
}
