import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReportGrouping, ReportRow, ReportSummary, ReportSummaryQuery } from '@app/contracts';
import { SlaClock } from '../service-level/sla-clock';
import { daysOf, groupKeySql, reportRange } from './report-range';

const REPORT_WORK_MEM = '64MB';

/** The key of the whole range's row; real keys are day positions from 1 or assignee ids (0: unassigned). */
const TOTAL = -1;

/**
 * One aggregate per kind of happening, each over only its own rows, read from the index on the moment it
 * happened ($1 ≤ at < $2): opened, closed (with its resolution time), first answered (with the time to it),
 * breached (once its moment has passed) and rated. Each report index of the ticket schema carries the
 * columns its aggregate needs, so no ticket row is loaded (opened: by `created_at AT TIME ZONE 'UTC'`, the
 * expression that index is on). Counts group by hashing; only the times are sorted, each kind its own.
 * GROUPING SETS adds the whole range's row when asked: its medians need every value sorted once more (about a
 * third more time), not the rows' medians.
 */
function summarySql(groupBy: ReportGrouping, withTotal: boolean): string {
  const grouped = (at: string, columns: string, where: string) => {
    const key = groupKeySql(groupBy, at);
    const groups = withTotal ? `GROUPING SETS ((${key}), ())` : key;
    return `SELECT COALESCE(${key}, ${TOTAL}) AS key, ${columns} FROM ticket.tickets WHERE ${where} GROUP BY ${groups}`;
  };
  const within = (at: string) => `${at} >= $1 AND ${at} < $2`;
  // date_part gives float8 seconds (EXTRACT would give numeric, slower to sort)
  const seconds = (at: string) => `date_part('epoch', ${at} - created_at)`;
  const ratings = [1, 2, 3, 4, 5]
    .map((rating) => `count(*) FILTER (WHERE satisfaction_rating = ${rating})::int`)
    .join(', ');
  return `
    WITH opened AS (${grouped(
      'created_at',
      'count(*)::int AS opened',
      `(created_at AT TIME ZONE 'UTC') >= ($1::timestamptz AT TIME ZONE 'UTC') AND (created_at AT TIME ZONE 'UTC') < ($2::timestamptz AT TIME ZONE 'UTC')`,
    )}),
    closed AS (${grouped(
      'closed_at',
      `count(*)::int AS closed, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${seconds('closed_at')}) AS resolution`,
      within('closed_at'),
    )}),
    answered AS (${grouped(
      'first_response_at',
      `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${seconds('first_response_at')}) AS first_response`,
      within('first_response_at'),
    )}),
    breached AS (${grouped('sla_breach_at', 'count(*)::int AS sla_breaches', 'sla_breach_at >= $1 AND sla_breach_at < LEAST($2, now())')}),
    rated AS (${grouped(
      'rated_at',
      `round(avg(satisfaction_rating), 2)::float8 AS csat_average, ARRAY[${ratings}] AS csat_distribution`,
      within('rated_at'),
    )})
    SELECT key, COALESCE(opened, 0) AS opened, COALESCE(closed, 0) AS closed,
      round(first_response[1])::float8 AS first_response_median, round(first_response[2])::float8 AS first_response_p90,
      round(resolution[1])::float8 AS resolution_median, round(resolution[2])::float8 AS resolution_p90,
      COALESCE(sla_breaches, 0) AS sla_breaches, csat_average,
      COALESCE(csat_distribution, '{0,0,0,0,0}') AS csat_distribution
    FROM opened FULL JOIN closed USING (key) FULL JOIN answered USING (key) FULL JOIN breached USING (key) FULL JOIN rated USING (key)`;
}

interface SummaryRow {
  key: number;
  opened: number;
  closed: number;
  first_response_median: number | null;
  first_response_p90: number | null;
  resolution_median: number | null;
  resolution_p90: number | null;
  sla_breaches: number;
  csat_average: number | null;
  csat_distribution: number[];
}

const emptyRow = (key: string): ReportRow => ({
  key,
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
});

/** Reports over tickets, by day (in the business-hours zone, else UTC) or by assignee, computed by Postgres. */
@Injectable()
export class ReportSummaries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sla: SlaClock,
  ) {}

  async summary(query: ReportSummaryQuery): Promise<ReportSummary> {
    const range = reportRange(query.from, query.to, this.sla.timeZone);
    const days = query.groupBy === 'day' ? daysOf(range) : [];
    const params: unknown[] = [range.from, range.to];
    if (query.groupBy === 'day') params.push(days.map((day) => day.start));
    const rows: SummaryRow[] = await this.dataSource.transaction(async (manager) => {
      // the percentiles sort a few hundred thousand values over 90 days: in memory, not on disk
      await manager.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
      // compiling the statement (JIT, on for its estimated cost) took longer than the reading it would speed up
      await manager.query('SET LOCAL jit = off');
      return manager.query(summarySql(query.groupBy, query.total), params);
    });
    const keyOf = (row: SummaryRow) =>
      query.groupBy === 'day' ? days[row.key - 1].key : row.key === 0 ? 'none' : String(row.key);
    const total = rows.find((row) => row.key === TOTAL);
    const byKey = new Map(
      rows.filter((row) => row.key !== TOTAL).map((row) => [keyOf(row), toReportRow(keyOf(row), row)]),
    );
    const keys =
      query.groupBy === 'day'
        ? days.map((day) => day.key)
        : [...byKey.keys()].sort((a, b) => (a === 'none' ? 1 : b === 'none' ? -1 : Number(a) - Number(b)));
    return {
      timeZone: range.timeZone,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      rows: keys.map((key) => byKey.get(key) ?? emptyRow(key)),
      ...(query.total && { total: total ? toReportRow('total', total) : emptyRow('total') }),
    };
  }
}

function toReportRow(key: string, row: SummaryRow): ReportRow {
  const [one, two, three, four, five] = row.csat_distribution.map(Number);
  return {
    key,
    opened: row.opened,
    closed: row.closed,
    firstResponseMedianSec: row.first_response_median,
    firstResponseP90Sec: row.first_response_p90,
    resolutionMedianSec: row.resolution_median,
    resolutionP90Sec: row.resolution_p90,
    slaBreaches: row.sla_breaches,
    csatAverage: row.csat_average,
    csatCount: one + two + three + four + five,
    csatDistribution: [one, two, three, four, five],
  };
}
