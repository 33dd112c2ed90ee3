/** U+0000 (no Postgres text or jsonb can hold it) or a UTF-16 surrogate without its pair (not text at all). */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is looked for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** The same in JSON.stringify's output, which writes exactly those as escapes (an escaped backslash excepted). */
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/gi;
const DEPTH_LIMIT = 64;

/** True when Postgres could not hold the text as it is. */
export function hasUnstorableText(text: string): boolean {
  return text.search(UNSTORABLE) !== -1;
}

/** Text Postgres can hold: U+0000 and lone surrogates become U+FFFD, the replacement character. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/** JSON for a jsonb column, with every string made storable; never recurses, however deep the value. */
export function storableJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSTORABLE_ESCAPE, '$1\\ufffd');
}

/**
 * A payload with every string (keys included) made storable; the same object when nothing needed it.
 * Deeper than any contract (64 levels), it is left as it is for the schema to refuse.
 */
export function withStorableText<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (typeof value !== 'object' || value === null || depth > DEPTH_LIMIT) return value;
  let changed = false;
  const entries = Object.entries(value).map(([key, child]) => {
    const cleanKey = storableText(key);
    const cleanChild = withStorableText(child, depth + 1);
    if (cleanKey !== key || cleanChild !== child) changed = true;
    return [cleanKey, cleanChild] as const;
  });
  if (!changed) return value;
  return (Array.isArray(value) ? entries.map(([, child]) => child) : Object.fromEntries(entries)) as T;
}
