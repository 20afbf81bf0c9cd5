// Static coverage analysis: for a week, where and when no service could be returned for each
// disposition × symptom pair a service accepts — a heat map by area and the gap ranges themselves.
// The server sends a summary and one page of ranges at a time (a region can have tens of thousands).
import { useState } from 'react';
import { BarChart, HourOfWeekHeatMap } from '../../components/charts';
import { Button, Details, ErrorSummary, Radios, Select, Table, TextInput } from '../../components/nhs';
import { LongActionProgress, useLongAction } from '../../components/progress';
import { call, client, type paths, type Reply } from '../../lib/api';
import { useReference } from '../../lib/reference';

type CoverageReport = Reply<'/api/insight/coverage'>;
type CoverageMode = NonNullable<paths['/api/insight/coverage']['get']['parameters']['query']['mode']>;

const DAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
const londonParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'short', hour: '2-digit', hourCycle: 'h23' });

export function hourOfWeekLondon(d: Date): number {
  const parts = Object.fromEntries(londonParts.formatToParts(d).map((p) => [p.type, p.value]));
  return DAY_INDEX[parts.weekday] * 24 + Number(parts.hour);
}

/** Hours of the week each gap range touches, counted once per range. */
export function hoursOf(gap: { from: string; to: string }): number[] {
  const out = new Set<number>();
  const end = new Date(gap.to).getTime();
  for (let t = new Date(gap.from).getTime(); t < end; t += 30 * 60_000) out.add(hourOfWeekLondon(new Date(t)));
  return [...out];
}

function mondayOf(d: Date): string {
  const day = (d.getDay() + 6) % 7;
  const m = new Date(d.getFullYear(), d.getMonth(), d.getDate() - day);
  return `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}-${String(m.getDate()).padStart(2, '0')}`;
}

export function Coverage() {
  const ref = useReference();
  const [week, setWeek] = useState(mondayOf(new Date()));
  const [area, setArea] = useState('');
  const [disposition, setDisposition] = useState('');
  const [mode, setMode] = useState<CoverageMode>('open-now');
  const [report, setReport] = useState<CoverageReport | null>(null);
  const action = useLongAction();
  const busy = action.running;
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState('');

  const fetchPage = (offset: number, signal: AbortSignal) =>
    call(client.GET('/api/insight/coverage', { params: { query: { week: mondayOf(new Date(`${week}T12:00:00`)), area: area || undefined, disposition: disposition || undefined, mode, offset: offset || undefined } }, signal }));
  // One long request: the progress shown is the time so far; Cancel stops waiting for it.
  const run = async () => {
    setError(null);
    try {
      const first = await action.run((signal) => fetchPage(0, signal));
      if (first) setReport(first);
    } catch (e) {
      setError(e);
    }
  };
  const more = async () => {
    if (!report || report.page.nextOffset === null) return;
    const offset = report.page.nextOffset;
    try {
      const next = await action.run((signal) => fetchPage(offset, signal));
      if (next) setReport({ ...next, gaps: [...report.gaps, ...next.gaps] });
    } catch (e) {
      setError(e);
    }
  };

  const areaRows = (report?.summary.byArea ?? []).map((a) => ({ code: a.areaCode, hours: a.rangesByHourOfWeek }));
  const byDx = (report?.summary.byDisposition ?? []).map((d) => [d.disposition, d.ranges] as const);
  const shown = (report?.gaps ?? []).filter((g) => !filter || `${g.disposition} ${g.place} ${g.label} ${ref?.dispositionTitle(g.disposition)}`.toLowerCase().includes(filter.toLowerCase()));

  return (
    <>
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Coverage analysis</h1>
      <p className="nhsuk-body">
        For each half hour of a week, each area's places and each disposition × symptom pair that some service accepts: could any service be returned? Gaps are the times and places where
        none could.
      </p>
      <div className="sp-row">
        <TextInput label="Week starting (a Monday)" type="date" value={week} onValue={setWeek} />
        <Select label="Area" value={area} onValue={setArea} options={[{ value: '', label: 'Your organisation’s areas' }, ...(ref?.areas ?? []).filter((a) => a.region === 'East Kent').map((a) => ({ value: a.code, label: a.name }))]} />
        <Select
          label="Disposition"
          value={disposition}
          onValue={setDisposition}
          options={[{ value: '', label: 'Every disposition' }, ...(ref?.dispositions ?? []).map((d) => ({ value: d.code, label: `${d.code} ${d.title.slice(0, 50)}` }))]}
        />
      </div>
      <Radios
        legend="Count a slot as covered when a service is"
        legendSize="s"
        name="mode"
        inline
        small
        value={mode}
        onValue={setMode}
        choices={[
          { value: 'open-now', label: 'Open at that time' },
          { value: 'window', label: 'Open within the disposition’s time frame' },
        ]}
      />
      <Button onClick={run} disabled={busy}>
        {busy ? 'Analysing…' : 'Analyse coverage'}
      </Button>
      <LongActionProgress action={action} what="Analysing the week" testId="coverage-progress" />
      {report && ref && (
        <>
          <p className="nhsuk-body" role="status" data-testid="coverage-summary">
            {report.totals.checked.toLocaleString()} checks of {report.totals.triples} disposition × symptom pairs at {report.totals.places} places over {report.totals.slots} half hours:{' '}
            <strong>{report.totals.ranges.toLocaleString()} gap ranges</strong> ({report.totals.uncoveredSlots.toLocaleString()} uncovered half hours).
          </p>
          {report.areasWithoutServices.length > 0 && (
            <p className="nhsuk-body" data-testid="coverage-no-services">
              No service in reach at all, so every need is uncovered all week: {report.areasWithoutServices.map((a) => ref.areaName(a.areaCode)).join(', ')}.
            </p>
          )}
          <h2 className="nhsuk-heading-m">Gaps by hour of the week and area</h2>
          <HourOfWeekHeatMap title="Coverage gaps by area" testId="coverage-heat" rows={areaRows.map(({ code, hours }) => ({ label: ref.areaName(code), hours }))} />
          <h2 className="nhsuk-heading-m">Gap ranges by disposition</h2>
          <BarChart title="Coverage gap ranges by disposition" colour="#ffb81c" items={byDx.slice(0, 15).map(([k, v]) => ({ label: `${k} ${ref.dispositionTitle(k).slice(0, 30)}`, value: v }))} />
          <Details summary={`Gap ranges (${report.gaps.length.toLocaleString()} of ${report.page.total.toLocaleString()} loaded)`}>
            <TextInput label="Filter" value={filter} onValue={setFilter} width={20} />
            <Table
              rows={shown.slice(0, 300)}
              rowKey={(g) => `${g.disposition}-${g.symptomGroup}-${g.discriminator}-${g.place}-${g.from}`}
              columns={[
                { heading: 'When', cell: (g) => g.label },
                { heading: 'Where', cell: (g) => `${g.place} (${ref.areaName(g.areaCode)})` },
                { heading: 'Disposition', cell: (g) => `${g.disposition} ${ref.dispositionTitle(g.disposition)}` },
                { heading: 'Symptoms', cell: (g) => `${ref.sgTitle(g.symptomGroup)} / ${ref.sdTitle(g.discriminator)}` },
              ]}
            />
            {shown.length > 300 && <p className="nhsuk-body-s">Showing 300 of {shown.length}; filter to narrow.</p>}
            {report.page.nextOffset !== null && (
              <Button variant="secondary" onClick={more} disabled={busy}>
                Load the next {Math.min(report.page.limit, report.page.total - report.page.nextOffset).toLocaleString()} ranges
              </Button>
            )}
          </Details>
        </>
      )}
    </>
  );
}
