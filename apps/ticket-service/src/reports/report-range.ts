import { DateTime } from 'luxon';
import { CodedError, ErrorCode, REPORT_MAX_DAYS, ReportGrouping } from '@app/contracts';

export interface ReportRange {
  from: Date;
  to: Date;
  timeZone: string;
}

/** `YYYY-MM-DD` is that day's midnight in the report's zone; a date-time names its own instant. */
function instant(value: string, timeZone: string, name: string): Date {
  const parsed =
    value.length === 10 ? DateTime.fromISO(value, { zone: timeZone }) : DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) throw new CodedError(ErrorCode.ValidationFailed, `${name} is not a valid date: ${value}`);
  return parsed.toJSDate();
}

/** The range a report covers, `from` inclusive and `to` exclusive; 400-worthy when empty or longer than a year. */
export function reportRange(from: string, to: string, timeZone: string): ReportRange {
  const range = { from: instant(from, timeZone, 'from'), to: instant(to, timeZone, 'to'), timeZone };
  if (range.from >= range.to) throw new CodedError(ErrorCode.ValidationFailed, 'from must be before to');
  if (range.to.getTime() - range.from.getTime() > REPORT_MAX_DAYS * 86_400_000) {
    throw new CodedError(ErrorCode.ValidationFailed, `A report covers at most ${REPORT_MAX_DAYS} days`);
  }
  return range;
}

export interface ReportDay {
  key: string;
  /** local midnight, as an instant (a DST day is 23 or 25 hours long) */
  start: Date;
}

/** Every day the range touches, in the report's zone: days without activity still get a row. */
export function daysOf({ from, to, timeZone }: ReportRange): ReportDay[] {
  const days: ReportDay[] = [];
  const last = DateTime.fromMillis(to.getTime() - 1, { zone: timeZone }).startOf('day');
  for (
    let day = DateTime.fromJSDate(from, { zone: timeZone }).startOf('day');
    day <= last;
    day = day.plus({ days: 1 })
  ) {
    days.push({ key: day.toFormat('yyyy-MM-dd'), start: day.toJSDate() });
  }
  return days;
}

/**
 * The group of a happening at the moment `at`, as an integer, cheap to hash and sort: per day, the position of
 * its day among the days' starts ($3, found by binary search: 1 is the first day; DST days are right); per
 * agent, the assignee (0: unassigned).
 */
export const groupKeySql = (groupBy: ReportGrouping, at: string) =>
  groupBy === 'day' ? `width_bucket(${at}, $3::timestamptz[])` : `COALESCE(assignee_id, 0)`;
