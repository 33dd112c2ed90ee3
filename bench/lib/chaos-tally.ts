/** What became of a sequence of numbered texts that should each arrive once, in order. */
export interface Tally {
  expected: number;
  arrived: number;
  lost: number;
  doubled: number;
  outOfOrder: number;
}

/** Compares what arrived with what was sent: missing texts, extra copies, and texts that overtook an earlier one. */
export function tally(expected: string[], arrived: string[]): Tally {
  const position = new Map(expected.map((text, i) => [text, i]));
  const copies = new Map<string, number>();
  for (const text of arrived) copies.set(text, (copies.get(text) ?? 0) + 1);
  let outOfOrder = 0;
  let latest = -1;
  for (const text of new Set(arrived)) {
    const at = position.get(text) ?? -1;
    if (at < latest) outOfOrder += 1;
    latest = Math.max(latest, at);
  }
  return {
    expected: expected.length,
    arrived: arrived.length,
    lost: expected.filter((text) => !copies.has(text)).length,
    doubled: [...copies.values()].reduce((sum, count) => sum + count - 1, 0),
    outOfOrder,
  };
}

export const isClean = (t: Tally) => t.lost === 0 && t.doubled === 0 && t.outOfOrder === 0;
