import type { ReportGrouping, ReportRow, ReportSummary } from '../api/types';

/** The reports form as an agent fills it: both dates inclusive (`YYYY-MM-DD`), as a date picker reads. */
export interface ReportForm {
  from: string;
  to: string;
  groupBy: ReportGrouping;
}

export interface ReportView {
  form: ReportForm;
  /** the figures shown and the form they answer (the fields may already say something else) */
  summary: (ReportSummary & { groupBy: ReportGrouping }) | null;
  loading: boolean;
  error: string | null;
}

const isoDate = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The last seven days up to today, on the agent's calendar. */
export function defaultReportForm(today: Date): ReportForm {
  const weekAgo = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6);
  return { from: isoDate(weekAgo), to: isoDate(today), groupBy: 'day' };
}

/** The API's `to` is exclusive: the day after the form's last day. */
export function reportQuery(form: ReportForm): { from: string; to: string; groupBy: ReportGrouping } {
  const [year, month, day] = form.to.split('-').map(Number);
  return { from: form.from, to: isoDate(new Date(year, month - 1, day + 1)), groupBy: form.groupBy };
}

/** Each row's bars as fractions of the tallest figure, so the chart fills its height whatever the volume. */
export function barHeights(rows: readonly ReportRow[]): { opened: number; closed: number }[] {
  const tallest = Math.max(1, ...rows.flatMap((row) => [row.opened, row.closed]));
  return rows.map((row) => ({ opened: row.opened / tallest, closed: row.closed / tallest }));
}
