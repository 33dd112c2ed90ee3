import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  it('writes what arrives together in one group, and what arrives during a write in the next', async () => {
    const groups: number[][] = [];
    let finishFirst!: () => void;
    const firstWritten = new Promise<void>((resolve) => (finishFirst = resolve));
    const commit = new GroupCommit<number, string>(async (items) => {
      groups.push(items);
      if (groups.length === 1) await firstWritten;
      return items.map((item) => `stored ${item}`);
    }, 500);

    const first = [1, 2, 3].map((item) => commit.add(item));
    await new Promise((resolve) => setImmediate(resolve));
    const second = [4, 5].map((item) => commit.add(item));
    finishFirst();

    expect(await Promise.all([...first, ...second])).toEqual([
      'stored 1',
      'stored 2',
      'stored 3',
      'stored 4',
      'stored 5',
    ]);
    expect(groups).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('caps a group', async () => {
    const groups: number[][] = [];
    const commit = new GroupCommit<number, number>(async (items) => {
      groups.push(items);
      return items;
    }, 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((item) => commit.add(item)))).toEqual([1, 2, 3, 4, 5]);
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects the members of a failed group only; the next group is written', async () => {
    let calls = 0;
    const commit = new GroupCommit<number, number>(async (items) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return items;
    }, 500);
    const failed = [1, 2].map((item) => commit.add(item));
    await expect(Promise.all(failed)).rejects.toThrow('connection lost');
    await expect(failed[1]).rejects.toThrow('connection lost');
    expect(await commit.add(3)).toBe(3);
  });
});
