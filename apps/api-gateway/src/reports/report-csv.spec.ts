import { reportCsv } from './report-csv';

describe('reportCsv', () => {
  it('writes a header and a row per key, empty where nothing was measured', () => {
    const csv = reportCsv({
      timeZone: 'UTC',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
      rows: [
        {
          key: '2026-11-01',
          opened: 3,
          closed: 2,
          firstResponseMedianSec: 120,
          firstResponseP90Sec: 264,
          resolutionMedianSec: 3600,
          resolutionP90Sec: 6840,
          slaBreaches: 1,
          csatAverage: 4.5,
          csatCount: 2,
          csatDistribution: [0, 0, 0, 1, 1],
        },
        {
          key: '2026-11-02',
          opened: 0,
          closed: 0,
          firstResponseMedianSec: null,
          firstResponseP90Sec: null,
          resolutionMedianSec: null,
          resolutionP90Sec: null,
          slaBreaches: 0,
          csatAverage: null,
          csatCount: 0,
          csatDistribution: [0, 0, 0, 0, 0],
        },
      ],
      total: {
        key: 'total',
        opened: 3,
        closed: 2,
        firstResponseMedianSec: 120,
        firstResponseP90Sec: 264,
        resolutionMedianSec: 3600,
        resolutionP90Sec: 6840,
        slaBreaches: 1,
        csatAverage: 4.5,
        csatCount: 2,
        csatDistribution: [0, 0, 0, 1, 1],
      },
    });
    expect(csv.split('\r\n')).toEqual([
      'key,opened,closed,firstResponseMedianSec,firstResponseP90Sec,resolutionMedianSec,resolutionP90Sec,slaBreaches,csatAverage,csatCount,csat1,csat2,csat3,csat4,csat5',
      '2026-11-01,3,2,120,264,3600,6840,1,4.5,2,0,0,0,1,1',
      '2026-11-02,0,0,,,,,0,,0,0,0,0,0,0',
      '',
    ]);
  });
});
