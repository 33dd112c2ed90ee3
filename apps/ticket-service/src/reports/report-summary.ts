import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReportRow, ReportSummary, ReportSummaryQuery } from '@app/contracts';
import { SlaClock } from '../service-level/sla-clock';
import { daysOf, groupKeySql, reportRange } from './report-range';

const REPORT_WORK_MEM = '64MB';

/** What happened to a ticket, as small integers: compared per row per aggregate, they cost less than text. */
const Happening = { Opened: 1, Closed: 2, Answered: 3, Breached: 4, Rated: 5 } as const;

/**
 * Each thing that happened in the range, from the index on the moment it happened ($1 ≤ at < $2): one ticket
 * opened, closed (with its resolution time), first answered (with the time to it), breached, rated. A breach
 * counts once its moment has passed. Every branch reads one index of the SatisfactionAndSla migration, which
 * carries the columns it needs, so no ticket row is loaded (opened: by `created_at AT TIME ZONE 'UTC'`, the
 * expression that index is on).
 */
const HAPPENINGS = `
  SELECT created_at AS at, assignee_id, ${Happening.Opened} AS kind, NULL::float8 AS value
    FROM ticket.tickets
    WHERE (created_at AT TIME ZONE 'UTC') >= ($1::timestamptz AT TIME ZONE 'UTC') AND (created_at AT TIME ZONE 'UTC') < ($2::timestamptz AT TIME ZONE 'UTC')
  UNION ALL
  SELECT closed_at, assignee_id, ${Happening.Closed}, EXTRACT(EPOCH FROM closed_at - created_at)::float8
    FROM ticket.tickets WHERE closed_at >= $1 AND closed_at < $2
  UNION ALL
  SELECT first_response_at, assignee_id, ${Happening.Answered}, EXTRACT(EPOCH FROM first_response_at - created_at)::float8
    FROM ticket.tickets WHERE first_response_at >= $1 AND first_response_at < $2
  UNION ALL
  SELECT sla_breach_at, assignee_id, ${Happening.Breached}, NULL
    FROM ticket.tickets WHERE sla_breach_at >= $1 AND sla_breach_at < LEAST($2, now())
  UNION ALL
  SELECT rated_at, assignee_id, ${Happening.Rated}, satisfaction_rating::float8
    FROM ticket.tickets WHERE rated_at >= $1 AND rated_at < $2`;

const percentile = (fraction: number, kind: number) =>
  `round(percentile_cont(${fraction}) WITHIN GROUP (ORDER BY value) FILTER (WHERE kind = ${kind}))::float8`;
const count = (condition: string) => `count(*) FILTER (WHERE ${condition})::int`;

function summarySql(query: ReportSummaryQuery): string {
  return `SELECT key,
      ${count(`kind = ${Happening.Opened}`)} AS opened,
      ${count(`kind = ${Happening.Closed}`)} AS closed,
      ${percentile(0.5, Happening.Answered)} AS first_response_median,
      ${percentile(0.9, Happening.Answered)} AS first_response_p90,
      ${percentile(0.5, Happening.Closed)} AS resolution_median,
      ${count(`kind = ${Happening.Breached}`)} AS sla_breaches,
      round(avg(value) FILTER (WHERE kind = ${Happening.Rated})::numeric, 2)::float8 AS csat_average,
      ARRAY[${[1, 2, 3, 4, 5].map((rating) => count(`kind = ${Happening.Rated} AND value = ${rating}`)).join(', ')}] AS csat_distribution
    FROM (SELECT ${groupKeySql(query.groupBy)} AS key, kind, value FROM (${HAPPENINGS}) AS happening) AS keyed
    GROUP BY key`;
}

interface SummaryRow {
  key: number;
  opened: number;
  closed: number;
  first_response_median: number | null;
  first_response_p90: number | null;
  resolution_median: number | null;
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
      return manager.query(summarySql(query), params);
    });
    const keyOf = (row: SummaryRow) => (query.groupBy === 'day' ? days[row.key - 1].key : row.key === 0 ? 'none' : String(row.key));
    const byKey = new Map(rows.map((row) => [keyOf(row), toReportRow(keyOf(row), row)]));
    const keys =
      query.groupBy === 'day'
        ? days.map((day) => day.key)
        : [...byKey.keys()].sort((a, b) => (a === 'none' ? 1 : b === 'none' ? -1 : Number(a) - Number(b)));
    return {
      timeZone: range.timeZone,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      rows: keys.map((key) => byKey.get(key) ?? emptyRow(key)),
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
    slaBreaches: row.sla_breaches,
    csatAverage: row.csat_average,
    csatCount: one + two + three + four + five,
    csatDistribution: [one, two, three, four, five],
  };
}
