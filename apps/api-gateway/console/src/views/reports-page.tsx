import type { ReportGrouping, ReportRow } from '../api/types';
import { useDesk } from './context';
import { employeeName, formatDuration, formatNumber } from './format';
import { ReportChart } from './report-chart';

const GROUPINGS: ReportGrouping[] = ['day', 'agent'];
const RATINGS = [1, 2, 3, 4, 5] as const;

/** A team lead's figures for a range: totals, a chart, a row per day or per agent, and the same as CSV. */
export function ReportsPage() {
  const { desk, state, t } = useDesk();
  const { form, summary, loading, error } = state.report;
  // the fields keep what the agent typed until Show; live updates re-render the page meanwhile
  const labelOf = (row: ReportRow) =>
    summary?.groupBy === 'agent'
      ? row.key === 'none'
        ? t('reports.unassigned')
        : (employeeName(state.employees, Number(row.key)) ?? row.key)
      : row.key;
  const duration = (seconds: number | null) => formatDuration(seconds, t);
  const average = (value: number | null) => (value === null ? '—' : formatNumber(value, state.language));

  const show = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    void desk.loadReport({
      from: String(data.get('from')),
      to: String(data.get('to')),
      groupBy: String(data.get('groupBy')) as ReportGrouping,
    });
  };

  // Each measure once: the totals, the table's columns and each row's cells follow this list.
  const measures: { name: string; of: (row: ReportRow) => string }[] = [
    { name: t('reports.opened'), of: (row) => String(row.opened) },
    { name: t('reports.closed'), of: (row) => String(row.closed) },
    { name: t('reports.firstResponseMedian'), of: (row) => duration(row.firstResponseMedianSec) },
    { name: t('reports.firstResponseP90'), of: (row) => duration(row.firstResponseP90Sec) },
    { name: t('reports.resolutionMedian'), of: (row) => duration(row.resolutionMedianSec) },
    { name: t('reports.resolutionP90'), of: (row) => duration(row.resolutionP90Sec) },
    { name: t('reports.slaBreaches'), of: (row) => String(row.slaBreaches) },
    { name: t('reports.csatAverage'), of: (row) => average(row.csatAverage) },
    { name: t('reports.csatCount'), of: (row) => String(row.csatCount) },
  ];
  const total = summary?.total;

  return (
    <section class="reports" aria-labelledby="reports-heading">
      <h1 id="reports-heading">{t('reports.heading')}</h1>
      <form class="report-form" onSubmit={show} aria-label={t('reports.range')}>
        <label>
          {t('reports.from')}
          <input name="from" type="date" required defaultValue={form.from} />
        </label>
        <label>
          {t('reports.to')}
          <input name="to" type="date" required defaultValue={form.to} />
        </label>
        <label>
          {t('reports.groupBy')}
          <select name="groupBy">
            {GROUPINGS.map((grouping) => (
              <option value={grouping} selected={grouping === form.groupBy}>
                {t(`reports.groupBy.${grouping}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" disabled={loading}>
          {loading ? t('reports.loading') : t('reports.show')}
        </button>
        <button type="button" onClick={() => void desk.downloadReportCsv()} disabled={!summary}>
          {t('reports.csv')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {summary && total && (
        <>
          <p class="report-zone">{t('reports.zone', { zone: summary.timeZone })}</p>
          <dl class="report-totals" aria-label={t('reports.totals')}>
            {measures.map(({ name, of }, index) => (
              <div key={name}>
                <dt id={`report-total-${index}`}>{name}</dt>
                <dd aria-labelledby={`report-total-${index}`}>{of(total)}</dd>
              </div>
            ))}
          </dl>
          <ul class="report-ratings" aria-label={t('reports.ratings')}>
            {RATINGS.map((rating, index) => (
              <li key={rating}>{t('reports.rating', { rating, count: total.csatDistribution[index] })}</li>
            ))}
          </ul>
          <ReportChart rows={summary.rows} labelOf={labelOf} />
          {/* a wide table scrolls on its own (reachable by keyboard), not the whole page with it */}
          <div class="report-table" role="region" aria-label={t(`reports.table.${summary.groupBy}`)} tabIndex={0}>
            <table>
              <caption>{t(`reports.table.${summary.groupBy}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`reports.key.${summary.groupBy}`)}</th>
                  {measures.map(({ name }) => (
                    <th scope="col" key={name}>
                      {name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {summary.rows.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{labelOf(row)}</th>
                    {measures.map(({ name, of }) => (
                      <td key={name}>{of(row)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
