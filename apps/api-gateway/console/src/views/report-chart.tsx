import type { ReportRow } from '../api/types';
import { barHeights } from '../state/report';
import { useDesk } from './context';

const HEIGHT = 120;
const BAR = 8;
const GAP = 2;
const GROUP = BAR * 2 + GAP + 10;

/** Opened and closed per row as bars; the label says every figure, for those who do not see the bars. */
export function ReportChart({ rows, labelOf }: { rows: ReportRow[]; labelOf: (row: ReportRow) => string }) {
  const { t } = useDesk();
  const heights = barHeights(rows);
  const figureOf = (row: ReportRow) =>
    t('reports.chartFigure', { key: labelOf(row), opened: row.opened, closed: row.closed });
  const figures = rows.map(figureOf).join('; ');
  return (
    <figure class="report-chart">
      <svg
        role="img"
        aria-label={t('reports.chart', { figures })}
        viewBox={`0 0 ${Math.max(GROUP * rows.length, 1)} ${HEIGHT}`}
        preserveAspectRatio="none"
      >
        {rows.map((row, index) => {
          const x = index * GROUP + 5;
          const opened = heights[index].opened * HEIGHT;
          const closed = heights[index].closed * HEIGHT;
          // a bar group says its day (or agent) and figures on hover; the bars carry no axis text
          return (
            <g key={row.key}>
              <title>{figureOf(row)}</title>
              <rect class="bar-opened" x={x} y={HEIGHT - opened} width={BAR} height={opened} />
              <rect class="bar-closed" x={x + BAR + GAP} y={HEIGHT - closed} width={BAR} height={closed} />
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span class="legend legend-opened">{t('reports.opened')}</span>
        <span class="legend legend-closed">{t('reports.closed')}</span>
      </figcaption>
    </figure>
  );
}
