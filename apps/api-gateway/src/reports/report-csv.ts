import { ReportSummary } from '@app/contracts';

const COLUMNS = [
  'key',
  'opened',
  'closed',
  'firstResponseMedianSec',
  'firstResponseP90Sec',
  'resolutionMedianSec',
  'resolutionP90Sec',
  'slaBreaches',
  'csatAverage',
  'csatCount',
  'csat1',
  'csat2',
  'csat3',
  'csat4',
  'csat5',
] as const;

/**
 * The summary as CSV (RFC 4180, CRLF lines, a header row; an empty field where nothing was measured). Every
 * field is a number, a date or an employee id, never text that would need quoting, so no CSV library.
 */
export function reportCsv(summary: ReportSummary): string {
  const lines = summary.rows.map((row) =>
    [
      row.key,
      row.opened,
      row.closed,
      row.firstResponseMedianSec,
      row.firstResponseP90Sec,
      row.resolutionMedianSec,
      row.resolutionP90Sec,
      row.slaBreaches,
      row.csatAverage,
      row.csatCount,
      ...row.csatDistribution,
    ]
      .map((value) => (value === null ? '' : String(value)))
      .join(','),
  );
  return [COLUMNS.join(','), ...lines].map((line) => `${line}\r\n`).join('');
}
