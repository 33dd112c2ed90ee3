import { backoff } from './backoff';

describe('backoff', () => {
  const options = { baseMs: 100, capMs: 1000 };

  it('waits nothing before the first failure', () => {
    expect(backoff(0, options)).toBe(0);
  });

  it('starts at the base and doubles with each failure', () => {
    expect([1, 2, 3, 4].map((attempt) => backoff(attempt, options))).toEqual([100, 200, 400, 800]);
  });

  it('never waits longer than the cap, however many failures', () => {
    expect(backoff(5, options)).toBe(1000);
    expect(backoff(10_000, options)).toBe(1000);
  });
});
