import { barHeights, defaultReportForm, reportQuery } from './report';

describe('reports form', () => {
  it('starts with the last seven days, today included', () => {
    expect(defaultReportForm(new Date(2026, 0, 3, 15, 0))).toEqual({
      from: '2025-12-28',
      to: '2026-01-03',
      groupBy: 'day',
    });
  });

  it('asks the API up to the day after the last day shown, across a month and a year', () => {
    expect(reportQuery({ from: '2026-01-05', to: '2026-01-06', groupBy: 'agent' })).toEqual({
      from: '2026-01-05',
      to: '2026-01-07',
      groupBy: 'agent',
    });
    expect(reportQuery({ from: '2025-12-01', to: '2025-12-31', groupBy: 'day' }).to).toBe('2026-01-01');
    expect(reportQuery({ from: '2026-02-01', to: '2026-02-28', groupBy: 'day' }).to).toBe('2026-03-01');
  });

  it('scales bars to the tallest figure, and an empty range to nothing', () => {
    const row = (opened: number, closed: number) => ({ opened, closed }) as Parameters<typeof barHeights>[0][number];
    expect(barHeights([row(4, 2), row(1, 0)])).toEqual([
      { opened: 1, closed: 0.5 },
      { opened: 0.25, closed: 0 },
    ]);
    expect(barHeights([row(0, 0)])).toEqual([{ opened: 0, closed: 0 }]);
  });
});
