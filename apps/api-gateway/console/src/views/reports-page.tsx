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

  const total = summary?.total;
  const figures: [string, string][] = total
    ? [
        [t('reports.opened'), String(total.opened)],
        [t('reports.closed'), String(total.closed)],
        [t('reports.firstResponseMedian'), duration(total.firstResponseMedianSec)],
        [t('reports.firstResponseP90'), duration(total.firstResponseP90Sec)],
        [t('reports.resolutionMedian'), duration(total.resolutionMedianSec)],
        [t('reports.resolutionP90'), duration(total.resolutionP90Sec)],
        [t('reports.slaBreaches'), String(total.slaBreaches)],
        [t('reports.csatAverage'), average(total.csatAverage)],
        [t('reports.csatCount'), String(total.csatCount)],
      ]
    : [];

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
            {figures.map(([name, value], index) => (
              <div key={name}>
                <dt id={`report-total-${index}`}>{name}</dt>
                <dd aria-labelledby={`report-total-${index}`}>{value}</dd>
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
          <div className="report-table" role="region" aria-label={t(`reports.table.${summary.groupBy}`)} tabIndex={0}>
            <table>
              <caption>{t(`reports.table.${summary.groupBy}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`reports.key.${summary.groupBy}`)}</th>
                  <th scope="col">{t('reports.opened')}</th>
                  <th scope="col">{t('reports.closed')}</th>
                  <th scope="col">{t('reports.firstResponseMedian')}</th>
                  <th scope="col">{t('reports.firstResponseP90')}</th>
                  <th scope="col">{t('reports.resolutionMedian')}</th>
                  <th scope="col">{t('reports.resolutionP90')}</th>
                  <th scope="col">{t('reports.slaBreaches')}</th>
                  <th scope="col">{t('reports.csatAverage')}</th>
                  <th scope="col">{t('reports.csatCount')}</th>
                </tr>
              </thead>
              <tbody>
                {summary.rows.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{labelOf(row)}</th>
                    <td>{row.opened}</td>
                    <td>{row.closed}</td>
                    <td>{duration(row.firstResponseMedianSec)}</td>
                    <td>{duration(row.firstResponseP90Sec)}</td>
                    <td>{duration(row.resolutionMedianSec)}</td>
                    <td>{duration(row.resolutionP90Sec)}</td>
                    <td>{row.slaBreaches}</td>
                    <td>{average(row.csatAverage)}</td>
                    <td>{row.csatCount}</td>
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
