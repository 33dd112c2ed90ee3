import { z } from 'zod';

export const REPORT_GROUPINGS = ['day', 'agent'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** Longest range one report covers: a year of daily rows. */
export const REPORT_MAX_DAYS = 366;

/** `YYYY-MM-DD` (midnight in the report's time zone) or an ISO date-time with an offset. */
export const REPORT_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const ReportSummarySchema = z.object({
  from: z.string().regex(REPORT_INSTANT),
  to: z.string().regex(REPORT_INSTANT),
  groupBy: z.enum(REPORT_GROUPINGS).default('day'),
  /** also the whole range as one row: a second pass over every time in the range, so only when asked */
  total: z.boolean().default(false),
});
export type ReportSummaryRequest = z.input<typeof ReportSummarySchema>;
export type ReportSummaryQuery = z.output<typeof ReportSummarySchema>;

/**
 * One day's or one agent's figures. Each counts what happened in the range: tickets opened (created), closed,
 * first answered (times from opening to the first employee reply), breached (the moment a target passed
 * unmet) and rated. Times are wall-clock seconds; null where nothing was measured.
 */
export interface ReportRow {
  /** `YYYY-MM-DD` in the report's time zone, an employee id, or `none` (unassigned) */
  key: string;
  opened: number;
  closed: number;
  firstResponseMedianSec: number | null;
  firstResponseP90Sec: number | null;
  resolutionMedianSec: number | null;
  resolutionP90Sec: number | null;
  slaBreaches: number;
  csatAverage: number | null;
  csatCount: number;
  /** how many ratings of 1, 2, 3, 4 and 5 */
  csatDistribution: [number, number, number, number, number];
}

export interface ReportSummary {
  /** the IANA time zone days are counted in (BUSINESS_HOURS' zone, else UTC) */
  timeZone: string;
  from: string;
  to: string;
  rows: ReportRow[];
  /** with `total`: the whole range as one row (key `total`), its medians over every value, not the rows' */
  total?: ReportRow;
}
