// Charts of a scenario's results (Chart.js): 95% intervals drawn as floating bars beside the means,
// lines by hour of the week, staffing need against the rota. Every chart has its numbers as a table.
import { BarController, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartData, type ChartOptions } from 'chart.js';
import type { ReactNode } from 'react';
import { Chart } from 'react-chartjs-2';
import { DAY_NAMES, hourLabel } from '../../components/charts';
import { Details } from '../../components/nhs';

// Mixed charts (lines with interval bars) name their controllers, so both are registered.
ChartJS.register(CategoryScale, LinearScale, BarController, BarElement, LineController, LineElement, PointElement, Tooltip, Legend);

export const BASELINE_COLOUR = '#768692';
export const SCENARIO_COLOUR = '#005eb8';
const REAL_COLOUR = '#005eb8';
const NOT_REAL_COLOUR = '#aeb7bd';

function Figure({ title, summary, height, chart, table }: { title: string; summary: string; height: number; chart: ReactNode; table: ReactNode }) {
  return (
    <figure className="nhsuk-u-margin-0 nhsuk-u-margin-bottom-5" aria-label={title}>
      <figcaption className="nhsuk-heading-s nhsuk-u-margin-bottom-2">{title}</figcaption>
      <div className="sp-table-scroll">
        <div style={{ minWidth: 640, height }} role="img" aria-label={`${title}. ${summary}`}>
          {chart}
        </div>
      </div>
      <Details summary="Show the numbers as a table">{table}</Details>
    </figure>
  );
}

export interface ChangeRow {
  label: string;
  /** percent change of the mean, and its 95% interval (null with one replication) */
  percent: number;
  low: number | null;
  high: number | null;
  real: boolean;
}

/** Each measure's change from the baseline in percent: the interval as a floating bar, real ones in blue. */
export function ChangeChart({ rows }: { rows: ChangeRow[] }) {
  const data: ChartData<'bar', [number, number][]> = {
    labels: rows.map((r) => r.label),
    datasets: [
      {
        label: '95% interval of the change (%)',
        data: rows.map((r) => [r.low ?? r.percent, r.high ?? r.percent]),
        backgroundColor: rows.map((r) => (r.real ? REAL_COLOUR : NOT_REAL_COLOUR)),
        barThickness: 12,
      },
    ],
  };
  const options: ChartOptions<'bar'> = {
    indexAxis: 'y',
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { display: false }, tooltip: { callbacks: { label: (item) => { const r = rows[item.dataIndex]; return `${fmt(r.percent, 1)}% (${fmt(r.low, 1)} to ${fmt(r.high, 1)})${r.real ? ', real' : ''}`; } } } },
    scales: { x: { title: { display: true, text: 'change from the baseline (%)' } } },
  };
  const real = rows.filter((r) => r.real);
  return (
    <Figure
      title="Change from the baseline, with 95% intervals"
      summary={`${real.length} of ${rows.length} changes are real (their interval excludes 0): ${real.map((r) => `${r.label} ${fmt(r.percent, 1)}%`).join('; ') || 'none'}.`}
      height={60 + rows.length * 24}
      chart={<Chart type="bar" data={data} options={options} />}
      table={
        <table className="nhsuk-table">
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Measure</th>
              <th scope="col">Change (%)</th>
              <th scope="col">95% interval</th>
              <th scope="col">Real</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{fmt(r.percent, 1)}</td>
                <td>{r.low === null ? '—' : `${fmt(r.low, 1)} to ${fmt(r.high, 1)}`}</td>
                <td>{r.real ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

export interface Series {
  label: string;
  values: number[];
  colour: string;
  /** half widths of a 95% interval, drawn as floating bars around the values */
  halfWidths?: number[];
  dashed?: boolean;
  stepped?: boolean;
}

/** Lines over the hours (168) or half hours (336) of the week, with interval bars where given. */
export function WeekLines({ title, series, unit, perHalfHour = false, digits = 1 }: { title: string; series: Series[]; unit: string; perHalfHour?: boolean; digits?: number }) {
  const points = series[0]?.values.length ?? 0;
  const slotLabel = (i: number) => (perHalfHour ? `${DAY_NAMES[Math.floor(i / 48)]} ${String(Math.floor((i % 48) / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}` : hourLabel(i));
  const labels = Array.from({ length: points }, (_, i) => slotLabel(i));
  const datasets: ChartData<'bar' | 'line', (number | [number, number])[]>['datasets'] = [];
  for (const s of series) {
    if (s.halfWidths) {
      datasets.push({ type: 'bar', label: `${s.label} (95% interval)`, data: s.values.map((v, i) => [v - s.halfWidths![i], v + s.halfWidths![i]] as [number, number]), backgroundColor: `${s.colour}55`, barPercentage: 1, categoryPercentage: 1 });
    }
    datasets.push({ type: 'line', label: s.label, data: s.values, borderColor: s.colour, backgroundColor: s.colour, pointRadius: 0, borderWidth: 2, borderDash: s.dashed ? [6, 4] : undefined, stepped: s.stepped ? 'before' : false });
  }
  const perDay = perHalfHour ? 48 : 24;
  const options: ChartOptions<'bar' | 'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { position: 'bottom' } },
    scales: {
      x: { ticks: { autoSkip: false, callback: (_v, i) => (i % perDay === 0 ? DAY_NAMES[i / perDay] : '') } },
      y: { beginAtZero: true, title: { display: true, text: unit } },
    },
  };
  const peak = (s: Series) => s.values.reduce((best, v, i) => (v > s.values[best] ? i : best), 0);
  return (
    <Figure
      title={title}
      summary={series.map((s) => `${s.label}: highest ${fmt(s.values[peak(s)], digits)} ${unit} at ${slotLabel(peak(s))}`).join('; ')}
      height={300}
      chart={<Chart type="bar" data={{ labels, datasets } as ChartData<'bar', (number | [number, number])[]>} options={options as ChartOptions<'bar'>} />}
      table={
        <div className="sp-table-scroll" style={{ maxHeight: 360 }}>
          <table className="nhsuk-table">
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">{perHalfHour ? 'Half hour' : 'Hour'}</th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((l, i) => (
                <tr key={l}>
                  <th scope="row">{l}</th>
                  {series.map((s) => (
                    <td key={s.label}>
                      {fmt(s.values[i], digits)}
                      {s.halfWidths ? ` ± ${fmt(s.halfWidths[i], digits)}` : ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      }
    />
  );
}

export interface PairedBar {
  label: string;
  baseline: number;
  scenario: number;
  scenarioLow?: number | null;
  scenarioHigh?: number | null;
}

/** Baseline and scenario side by side per item (organisations), the scenario's interval as a floating bar. */
export function PairedBars({ title, rows, unit, digits = 0 }: { title: string; rows: PairedBar[]; unit: string; digits?: number }) {
  const data: ChartData<'bar', (number | [number, number])[]> = {
    labels: rows.map((r) => r.label),
    datasets: [
      { label: 'Baseline', data: rows.map((r) => r.baseline), backgroundColor: BASELINE_COLOUR },
      { label: 'Scenario', data: rows.map((r) => r.scenario), backgroundColor: SCENARIO_COLOUR },
      { label: 'Scenario 95% interval', data: rows.map((r) => [r.scenarioLow ?? r.scenario, r.scenarioHigh ?? r.scenario] as [number, number]), backgroundColor: '#41b6e6' },
    ],
  };
  const options: ChartOptions<'bar'> = {
    indexAxis: 'y',
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: 'bottom' } },
    scales: { x: { title: { display: true, text: unit } } },
  };
  return (
    <Figure
      title={title}
      summary={rows.slice(0, 5).map((r) => `${r.label}: ${fmt(r.baseline, digits)} → ${fmt(r.scenario, digits)}`).join('; ')}
      height={80 + rows.length * 34}
      chart={<Chart type="bar" data={data} options={options} />}
      table={
        <table className="nhsuk-table">
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Baseline</th>
              <th scope="col">Scenario</th>
              <th scope="col">Scenario 95% interval</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td>{fmt(r.baseline, digits)}</td>
                <td>{fmt(r.scenario, digits)}</td>
                <td>{r.scenarioLow == null ? '—' : `${fmt(r.scenarioLow, digits)} to ${fmt(r.scenarioHigh ?? null, digits)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

export function fmt(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
