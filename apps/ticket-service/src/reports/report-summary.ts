import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ReportRow, ReportSummary, ReportSummarySchema } from '@app/contracts';
import { SlaClock } from '../service-level/sla-clock';
import { daysOf, groupKeySql, reportRange } from './report-range';

type SummaryQuery = z.output<typeof ReportSummarySchema>;

/**
 * Each thing that happened in the range, from the index on the moment it happened ($1 ≤ at < $2): one ticket
 * opened, closed (with its resolution time), first answered (with the time to it), breached, rated. A breach
 * counts once its moment has passed. Every branch reads one index of the SatisfactionAndSla migration, which
 * carries the columns it needs, so no ticket row is loaded.
 */
const HAPPENINGS = `
  SELECT created_at AS at, assignee_id, 'opened' AS kind, NULL::float8 AS value
    FROM ticket.tickets WHERE created_at >= $1 AND created_at < $2
  UNION ALL
  SELECT closed_at, assignee_id, 'closed', EXTRACT(EPOCH FROM closed_at - created_at)::float8
    FROM ticket.tickets WHERE closed_at >= $1 AND closed_at < $2
  UNION ALL
  SELECT first_response_at, assignee_id, 'answered', EXTRACT(EPOCH FROM first_response_at - created_at)::float8
    FROM ticket.tickets WHERE first_response_at >= $1 AND first_response_at < $2
  UNION ALL
  SELECT sla_breach_at, assignee_id, 'breached', NULL
    FROM ticket.tickets WHERE sla_breach_at >= $1 AND sla_breach_at < LEAST($2, now())
  UNION ALL
  SELECT rated_at, assignee_id, 'rated', satisfaction_rating::float8
    FROM ticket.tickets WHERE rated_at >= $1 AND rated_at < $2`;

const median = (kind: string) => `round(percentile_cont(0.5) WITHIN GROUP (ORDER BY value) FILTER (WHERE kind = '${kind}'))::float8`;
const count = (condition: string) => `count(*) FILTER (WHERE ${condition})::int`;

function summarySql(query: SummaryQuery): string {
  return `SELECT key,
      ${count(`kind = 'opened'`)} AS opened,
      ${count(`kind = 'closed'`)} AS closed,
      ${median('answered')} AS first_response_median,
      round(percentile_cont(0.9) WITHIN GROUP (ORDER BY value) FILTER (WHERE kind = 'answered'))::float8 AS first_response_p90,
      ${median('closed')} AS resolution_median,
      ${count(`kind = 'breached'`)} AS sla_breaches,
      round(avg(value) FILTER (WHERE kind = 'rated')::numeric, 2)::float8 AS csat_average,
      ARRAY[${[1, 2, 3, 4, 5].map((rating) => count(`kind = 'rated' AND value = ${rating}`)).join(', ')}] AS csat_distribution
    FROM (SELECT ${groupKeySql(query.groupBy)} AS key, kind, value FROM (${HAPPENINGS}) AS happening) AS keyed
    GROUP BY key`;
}

interface SummaryRow {
  key: string;
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

  async summary(query: SummaryQuery): Promise<ReportSummary> {
    const range = reportRange(query.from, query.to, this.sla.timeZone);
    const params: unknown[] = [range.from, range.to];
    if (query.groupBy === 'day') params.push(range.timeZone);
    const rows: SummaryRow[] = await this.dataSource.query(summarySql(query), params);
    const byKey = new Map(rows.map((row) => [row.key, toReportRow(row)]));
    const keys =
      query.groupBy === 'day'
        ? daysOf(range)
        : [...byKey.keys()].sort((a, b) => (a === 'none' ? 1 : b === 'none' ? -1 : Number(a) - Number(b)));
    return {
      timeZone: range.timeZone,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      rows: keys.map((key) => byKey.get(key) ?? emptyRow(key)),
    };
  }
}

function toReportRow(row: SummaryRow): ReportRow {
  const [one, two, three, four, five] = row.csat_distribution.map(Number);
  return {
    key: row.key,
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
