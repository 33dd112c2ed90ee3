import { Logger } from '@nestjs/common';
import { WorkLoop, WorkLoops } from './work-loop';

describe('WorkLoop', () => {
  const logger = { warn: jest.fn() } as unknown as Logger;

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('rests as long as the step asks, and a wake cuts the rest short', async () => {
    const step = jest.fn().mockResolvedValue(10_000);
    const loop = new WorkLoop('test', step, logger);
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(step).toHaveBeenCalledTimes(1);

    await jest.advanceTimersByTimeAsync(9_000);
    expect(step).toHaveBeenCalledTimes(1);
    loop.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(step).toHaveBeenCalledTimes(2);

    const stopped = loop.stop();
    await jest.advanceTimersByTimeAsync(0);
    await stopped;
  });

  it('retries a failing step after a growing pause', async () => {
    const step = jest
      .fn()
      .mockRejectedValueOnce(new Error('db down'))
      .mockRejectedValueOnce(new Error('db down'))
      .mockResolvedValue(60_000);
    const loop = new WorkLoop('test', step, logger);
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(step).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(200);
    expect(step).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(399);
    expect(step).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(step).toHaveBeenCalledTimes(3);
    expect(logger.warn).toHaveBeenCalledTimes(2);
    await Promise.all([loop.stop(), jest.advanceTimersByTimeAsync(0)]);
  });

  it('lets the step under way finish before stop resolves', async () => {
    let finish!: () => void;
    const step = jest.fn(() => new Promise<number>((resolve) => (finish = () => resolve(0))));
    const loop = new WorkLoop('test', step, logger);
    loop.start();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(10);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(step).toHaveBeenCalledTimes(1);
  });
});

describe('WorkLoops', () => {
  const logger = { warn: jest.fn() } as unknown as Logger;

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends one loop after a new row, and more only while they keep finding work', async () => {
    let rows = 0;
    // Steps under way, each finished by the test: it takes a row if one is left (then looks again at once),
    // otherwise it rests a minute.
    const underWay: (() => void)[] = [];
    const step = jest.fn(
      () =>
        new Promise<number>((resolve) =>
          underWay.push(() => {
            if (rows === 0) return resolve(60_000);
            rows -= 1;
            resolve(0);
          }),
        ),
    );
    const finishUnderWay = async () => {
      for (const finish of underWay.splice(0)) finish();
      await jest.advanceTimersByTimeAsync(0);
    };
    const loops = new WorkLoops('test', 4, step, logger);
    loops.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(underWay).toHaveLength(4);
    await finishUnderWay();
    expect(underWay).toHaveLength(0);

    // one row: one loop takes it and looks again, the peer it wakes finds nothing; two rest on
    rows = 1;
    loops.wake();
    await jest.advanceTimersByTimeAsync(0);
    expect(underWay).toHaveLength(1);
    await finishUnderWay();
    expect(underWay).toHaveLength(2);
    await finishUnderWay();
    expect(underWay).toHaveLength(0);
    expect(step).toHaveBeenCalledTimes(4 + 3);

    // a backlog: every loop joins in until it is gone
    rows = 40;
    loops.wake();
    await jest.advanceTimersByTimeAsync(0);
    let mostUnderWay = 0;
    while (underWay.length > 0) {
      mostUnderWay = Math.max(mostUnderWay, underWay.length);
      await finishUnderWay();
    }
    expect(rows).toBe(0);
    expect(mostUnderWay).toBe(4);
    await loops.stop();
  });

  it('polls with one loop while idle, and looks again by the earliest rest any loop asked for', async () => {
    let due = 0;
    const rests: number[] = [];
    const step = jest.fn(async () => {
      const rest = due > 0 ? due : 1000;
      rests.push(rest);
      return rest;
    });
    const loops = new WorkLoops('test', 4, step, logger);
    loops.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(step).toHaveBeenCalledTimes(4);

    // nothing to do for 10 s: one loop looks each second, not four
    await jest.advanceTimersByTimeAsync(10_000);
    expect(step).toHaveBeenCalledTimes(4 + 10);

    // a loop that rested on no timer finds something due in 300 ms: the group looks again then, not in 1 s
    step.mockClear();
    due = 300;
    loops.wake();
    await jest.advanceTimersByTimeAsync(0);
    const woken = step.mock.calls.length;
    await jest.advanceTimersByTimeAsync(300);
    expect(step.mock.calls.length).toBeGreaterThan(woken);
    await Promise.all([loops.stop(), jest.advanceTimersByTimeAsync(0)]);
  });
});
