interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes items in groups, one write at a time: whatever is added while a write is under way (or in the same
 * turn of the event loop) goes into the next write, up to `maxGroup` items. Nothing waits for company, so a
 * lone item is written at once; under load the groups grow by themselves. Each `add` settles with its own
 * group's write: the write's result for that item, or the write's error.
 */
export class GroupCommit<T, R> {
  private waiting: Waiting<T, R>[] = [];
  private draining = false;

  constructor(
    private readonly write: (items: T[]) => Promise<R[]>,
    private readonly maxGroup: number,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.maxGroup);
      try {
        const results = await this.write(group.map((waiting) => waiting.item));
        group.forEach((waiting, i) => waiting.resolve(results[i]));
      } catch (error) {
        for (const waiting of group) waiting.reject(error);
      }
      // Lets the callers just answered add their next items (a chat's next update) before the next write.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.draining = false;
  }
}
