// Forecast and surge, for commissioners: each area's escalation level live, demand by hour for the
// next 14 days with its prediction intervals (last week's actual beside what was forecast for it),
// and the triggers that raise the level.
import { CategoryScale, Chart as ChartJS, Filler, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartOptions } from 'chart.js';
import { useState } from 'react';
import { Line } from 'react-chartjs-2';
import { EscalationPanel } from '../../components/escalation';
import { Button, Details, ErrorSummary, LoadError, Loading, PageHeading, Select, Table, TextInput } from '../../components/nhs';
import { call, client, useApi, type Reply } from '../../lib/api';
import { date, time } from '../../lib/format';

ChartJS.register(CategoryScale, LinearScale, PointElement, LineElement, Filler, Tooltip, Legend);

type Forecast = Reply<'/api/modelling/forecast'>;
type Triggers = Reply<'/api/modelling/surge/triggers'>['triggers'];
type Measure = Forecast['measure'];

const MEASURES: { value: Measure; label: string }[] = [
  { value: 'calls', label: 'Calls offered' },
  { value: 'clinical-queue', label: 'Clinical queue arrivals' },
  { value: 'ed-dispositions', label: 'Emergency department outcomes' },
];

export function Surge() {
  return (
    <>
      <PageHeading caption="Modelling">Forecast and surge</PageHeading>
      <p className="nhsuk-body">
        Demand is compared with its forecast every five minutes. When an area runs above the forecast’s 95% bound by the ratios below, its
        escalation level rises (after the OPEL framework) and everyone’s dashboard shows it.
      </p>
      <EscalationPanel />
      <ForecastSection />
      <TriggersSection />
    </>
  );
}

function ForecastSection() {
  const areas = useApi((signal) => client.GET('/api/geo/areas', { signal }));
  const [area, setArea] = useState('');
  const [measure, setMeasure] = useState<Measure>('calls');
  const chosen = area || areas.data?.areas[0]?.code || '';
  const forecast = useApi(chosen ? (signal) => client.GET('/api/modelling/forecast', { params: { query: { area: chosen, measure } }, signal }) : null, [chosen, measure]);
  return (
    <section aria-labelledby="forecast-heading">
      <h2 className="nhsuk-heading-m" id="forecast-heading">Demand forecast</h2>
      <div className="sp-row">
        <Select label="Area" value={chosen} onValue={setArea} options={(areas.data?.areas ?? []).map((a) => ({ value: a.code, label: a.name }))} />
        <Select label="Measure" value={measure} onValue={(v) => setMeasure(v as Measure)} options={MEASURES} />
      </div>
      {forecast.error && forecast.error.status === 422 ? <p className="nhsuk-body">{forecast.error.message}</p> : <LoadError error={forecast.error} retry={forecast.reload} />}
      {forecast.loading && <Loading what="Forecasting" />}
      {forecast.data && !forecast.loading && <ForecastChart forecast={forecast.data} />}
    </section>
  );
}

function ForecastChart({ forecast }: { forecast: Forecast }) {
  const hours = [...forecast.recent.map((h) => ({ ...h, actual: h.actual as number | null })), ...forecast.forecast.map((h) => ({ ...h, actual: null }))];
  const labels = hours.map((h) => `${date(h.at)} ${time(h.at)}`);
  const data = {
    labels,
    datasets: [
      { label: 'Upper 95%', data: hours.map((h) => h.upper95), borderWidth: 0, pointRadius: 0, backgroundColor: 'rgba(0, 94, 184, 0.15)', fill: '+1' },
      { label: 'Lower 95%', data: hours.map((h) => h.lower95), borderWidth: 0, pointRadius: 0, fill: false },
      { label: 'Expected', data: hours.map((h) => h.expected), borderColor: '#005eb8', borderWidth: 1.5, pointRadius: 0, fill: false },
      { label: 'Actual', data: hours.map((h) => h.actual), borderColor: '#212b32', borderWidth: 1, pointRadius: 0, fill: false, spanGaps: false },
    ],
  };
  const options: ChartOptions<'line'> = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    scales: { x: { ticks: { maxTicksLimit: 12 } }, y: { beginAtZero: true, title: { display: true, text: 'per hour' } } },
    plugins: { legend: { labels: { filter: (item) => item.text !== 'Lower 95%' } } },
  };
  const days = dailyTotals(hours);
  const summary = `${forecast.area.name}: the last 7 days actual against forecast, then the next ${forecast.forecast.length / 24} days. Trend ${forecast.trendPerDay >= 0 ? '+' : ''}${forecast.trendPerDay.toFixed(2)} per hour each day.`;
  return (
    <>
      <p className="nhsuk-body-s">{summary}</p>
      <div style={{ height: 320 }} role="img" aria-label={summary}>
        <Line data={data} options={options} />
      </div>
      <Details summary="The numbers, day by day">
        <Table
          rows={days}
          rowKey={(d) => d.day}
          columns={[
            { heading: 'Day', cell: (d) => d.day },
            { heading: 'Actual', cell: (d) => (d.actual === null ? '—' : d.actual), numeric: true },
            { heading: 'Expected', cell: (d) => Math.round(d.expected), numeric: true },
            { heading: '95% interval (sum of hours)', cell: (d) => `${Math.round(d.lower95)}–${Math.round(d.upper95)}`, numeric: true },
          ]}
        />
        <p className="nhsuk-body-s">
          <a href={csvHref(forecast)} download={`forecast-${forecast.area.code}-${forecast.measure}.csv`}>
            Download the hourly forecast (CSV)
          </a>
        </p>
      </Details>
    </>
  );
}

type Hour = Forecast['forecast'][number] & { actual: number | null };

function dailyTotals(hours: Hour[]) {
  const days = new Map<string, { day: string; actual: number | null; expected: number; lower95: number; upper95: number }>();
  for (const h of hours) {
    const day = date(h.at);
    const d = days.get(day) ?? { day, actual: null, expected: 0, lower95: 0, upper95: 0 };
    d.expected += h.expected;
    d.lower95 += h.lower95;
    d.upper95 += h.upper95;
    if (h.actual !== null) d.actual = (d.actual ?? 0) + h.actual;
    days.set(day, d);
  }
  return [...days.values()];
}

function csvHref(forecast: Forecast): string {
  const lines = ['hour,actual,expected,lower80,upper80,lower95,upper95'];
  const row = (h: Forecast['forecast'][number], actual: number | null) =>
    [new Date(h.at).toISOString(), actual ?? '', h.expected, h.lower80, h.upper80, h.lower95, h.upper95].map((v) => (typeof v === 'number' ? v.toFixed(2) : v)).join(',');
  for (const h of forecast.recent) lines.push(row(h, h.actual));
  for (const h of forecast.forecast) lines.push(row(h, null));
  return `data:text/csv;charset=utf-8,${encodeURIComponent(lines.join('\n'))}`;
}

function TriggersSection() {
  const loaded = useApi((signal) => client.GET('/api/modelling/surge/triggers', { signal }));
  const [draft, setDraft] = useState<Triggers | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  if (!loaded.data) return <LoadError error={loaded.error} retry={loaded.reload} />;
  const triggers = draft ?? loaded.data.triggers;
  const edit = (i: number, field: 'windowHours' | 'level2' | 'level3' | 'level4', value: string) => {
    setDraft(triggers.map((t, j) => (j === i ? { ...t, [field]: Number(value) } : t)));
    setSaved('');
  };
  const save = async () => {
    setError(null);
    try {
      const result = await call(client.PUT('/api/modelling/surge/triggers', { body: { triggers } }));
      setDraft(null);
      loaded.setData(result);
      setSaved('Triggers saved: they apply from the next evaluation.');
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="triggers-heading">
      <h2 className="nhsuk-heading-m" id="triggers-heading">Triggers</h2>
      <p className="nhsuk-body-s">
        {loaded.data.updatedByName ? `Set by ${loaded.data.updatedByName}.` : 'Demonstration defaults: set your own.'} A level applies when actual ÷ expected over the window reaches its ratio
        and the actual is above the forecast’s 95% bound.
      </p>
      <ErrorSummary error={error} />
      <Table
        rows={triggers.map((t, i) => ({ ...t, i }))}
        rowKey={(t) => t.measure}
        columns={[
          { heading: 'Measure', cell: (t) => MEASURES.find((m) => m.value === t.measure)?.label ?? t.measure },
          ...(['windowHours', 'level2', 'level3', 'level4'] as const).map((field) => ({
            heading: field === 'windowHours' ? 'Window (hours)' : `Level ${field.slice(-1)} at ×`,
            cell: (t: Triggers[number] & { i: number }) => (
              <TextInput label={<span className="nhsuk-u-visually-hidden">{`${t.measure} ${field}`}</span>} width={4} inputMode="decimal" value={String(t[field])} onValue={(v) => edit(t.i, field, v)} />
            ),
          })),
        ]}
      />
      <Button onClick={() => void save()} disabled={!draft}>
        Save triggers
      </Button>
      {saved && <p className="nhsuk-body" role="status">{saved}</p>}
    </section>
  );
}
