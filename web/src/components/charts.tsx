// Charts for the commissioner views: Chart.js (with the matrix controller for heat maps). Each chart
// has a text alternative and its numbers as a table for screen readers and keyboard users.
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip, type ChartOptions, type ScriptableContext } from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import { Bar, Chart } from 'react-chartjs-2';
import { Details } from './nhs';

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend, MatrixController, MatrixElement);

export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function hourLabel(hourOfWeek: number): string {
  return `${DAY_NAMES[Math.floor(hourOfWeek / 24)]} ${String(hourOfWeek % 24).padStart(2, '0')}:00`;
}

/** White → NHS warm yellow → NHS red, by share of the maximum. */
export function heatColour(value: number, max: number): string {
  if (!value || !max) return '#f0f4f5';
  const t = Math.min(1, value / max);
  const from = t < 0.5 ? [255, 244, 214] : [255, 184, 28];
  const to = t < 0.5 ? [255, 184, 28] : [213, 40, 27];
  const k = t < 0.5 ? t * 2 : (t - 0.5) * 2;
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * k));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

interface MatrixPoint {
  x: number;
  y: string;
  v: number;
}

/** Rows × 168 hours of the week. */
export function HourOfWeekHeatMap({ title, rows, testId }: { title: string; rows: { label: string; hours: number[] }[]; testId?: string }) {
  const max = Math.max(0, ...rows.flatMap((r) => r.hours));
  const data: MatrixPoint[] = rows.flatMap((r) => r.hours.map((v, x) => ({ x, y: r.label, v })));
  const total = rows.reduce((n, r) => n + r.hours.reduce((a, b) => a + b, 0), 0);
  const peak = rows.flatMap((r) => r.hours.map((v, h) => ({ v, h, label: r.label }))).sort((a, b) => b.v - a.v)[0];
  const options: ChartOptions<'matrix'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items) => {
            const p = items[0].raw as MatrixPoint;
            return `${p.y}, ${hourLabel(p.x)}`;
          },
          label: (item) => `${(item.raw as MatrixPoint).v}`,
        },
      },
    },
    scales: {
      x: {
        type: 'linear',
        min: -0.5,
        max: 167.5,
        offset: false,
        ticks: { stepSize: 24, callback: (v) => (Number(v) % 24 === 0 ? DAY_NAMES[Number(v) / 24] : '') },
        grid: { display: true, color: '#aeb7bd' },
      },
      y: { type: 'category', labels: rows.map((r) => r.label), offset: true, grid: { display: false } },
    },
  };
  const chartData = {
    datasets: [
      {
        label: title,
        data,
        backgroundColor: (ctx: ScriptableContext<'matrix'>) => heatColour((ctx.raw as MatrixPoint | undefined)?.v ?? 0, max),
        borderWidth: 0,
        width: (ctx: ScriptableContext<'matrix'>) => Math.max(1, (ctx.chart.chartArea?.width ?? 168) / 168),
        height: (ctx: ScriptableContext<'matrix'>) => Math.max(4, ((ctx.chart.chartArea?.height ?? 100) / Math.max(rows.length, 1)) - 2),
      },
    ],
  };
  return (
    <figure className="nhsuk-u-margin-0 nhsuk-u-margin-bottom-4" data-testid={testId}>
      <div className="sp-table-scroll">
        <div style={{ minWidth: 720, height: 40 + rows.length * 28 }}>
          <Chart type="matrix" data={chartData} options={options} aria-label={`${title}: heat map. ${total} in all${peak && peak.v ? `; most at ${peak.label}, ${hourLabel(peak.h)} (${peak.v})` : ''}.`} role="img" />
        </div>
      </div>
      <figcaption className="sp-heat-legend">
        <span>{title}:</span> 0 <span className="sp-swatch" style={{ background: heatColour(0, 1) }} /> <span className="sp-swatch" style={{ background: heatColour(0.5, 1) }} />
        <span className="sp-swatch" style={{ background: heatColour(1, 1) }} /> {max}
      </figcaption>
      <Details summary="Show the numbers as a table">
        <HourTable rows={rows} />
      </Details>
    </figure>
  );
}

/** Each row's 168 hours folded into day × hour-of-day numbers. */
function HourTable({ rows }: { rows: { label: string; hours: number[] }[] }) {
  return (
    <div className="sp-table-scroll">
      {rows.map((r) => (
        <table className="sp-heat nhsuk-u-margin-bottom-3" key={r.label}>
          <caption className="nhsuk-body-s nhsuk-u-font-weight-bold" style={{ textAlign: 'left' }}>
            {r.label}
          </caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {Array.from({ length: 24 }, (_, h) => (
                <th scope="col" key={h}>
                  {String(h).padStart(2, '0')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {DAY_NAMES.map((d, day) => (
              <tr key={d}>
                <th scope="row">{d}</th>
                {Array.from({ length: 24 }, (_, h) => (
                  <td key={h}>{r.hours[day * 24 + h] || ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

export function BarChart({ title, items, colour = '#005eb8', horizontal = true }: { title: string; items: { label: string; value: number }[]; colour?: string; horizontal?: boolean }) {
  const options: ChartOptions<'bar'> = {
    indexAxis: horizontal ? 'y' : 'x',
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { display: false }, tooltip: { enabled: true } },
    scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
  };
  const summary = items.slice(0, 5).map((i) => `${i.label}: ${i.value}`).join('; ');
  return (
    <figure className="nhsuk-u-margin-0 nhsuk-u-margin-bottom-4">
      <div style={{ height: Math.max(120, items.length * (horizontal ? 26 : 0) + 60) }}>
        <Bar
          data={{ labels: items.map((i) => i.label), datasets: [{ label: title, data: items.map((i) => i.value), backgroundColor: colour }] }}
          options={options}
          aria-label={`${title}. ${summary || 'No data'}`}
          role="img"
        />
      </div>
      <figcaption className="nhsuk-u-visually-hidden">{title}</figcaption>
    </figure>
  );
}
