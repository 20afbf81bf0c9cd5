// A run of a scenario: its progress (live, with a cancel button), then its results — the differences
// from the baseline with their 95% intervals and which are real, waits and utilisation by hour,
// staffing need against the rota, and activity (and, when priced, money) by organisation.
import { useEffect, useState } from 'react';
import { BackLink, Button, ErrorSummary, LoadError, Loading, Table, Tag, WarningCallout } from '../../components/nhs';
import { apiHref, call, client, useApi, type Reply } from '../../lib/api';
import { Link } from '../../lib/router';
import { BASELINE_COLOUR, ChangeChart, fmt, PairedBars, SCENARIO_COLOUR, WeekLines, type ChangeRow } from './charts';
import { RunState } from './Scenarios';

type Run = Reply<'/api/modelling/runs/{id}'>;
type Results = NonNullable<Run['results']>;
type Comparison = Results['measures'][number]['comparison'];

const RUN_EVENTS = ['modelling.run.started', 'modelling.run.progress', 'modelling.run.finished', 'modelling.run.failed', 'modelling.run.cancelled'];

export function RunPage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const run = useApi((signal) => client.GET('/api/modelling/runs/{id}', { params: { path: { id } }, signal }), id);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const inProgress = run.data?.status === 'queued' || run.data?.status === 'running';
  const { reload } = run;

  // Progress pushed live; the run is read again when it ends (and every few seconds, should the stream drop).
  useEffect(() => {
    if (!inProgress || typeof EventSource === 'undefined') return;
    const source = new EventSource(apiHref('/api/modelling/runs/{id}/events', { id }), { withCredentials: true });
    const onEvent = (event: Event) => {
      const message = event as MessageEvent<string>;
      if (message.type === 'modelling.run.progress') {
        const data = JSON.parse(message.data) as { done: number; total: number };
        setProgress(data);
      } else reload();
    };
    for (const type of RUN_EVENTS) source.addEventListener(type, onEvent);
    return () => source.close();
  }, [id, inProgress, reload]);
  useEffect(() => {
    if (!inProgress) return;
    const timer = setInterval(reload, 5_000);
    return () => clearInterval(timer);
  }, [inProgress, reload]);

  if (run.error) return <LoadError error={run.error} retry={run.reload} />;
  const r = run.data;
  if (!r) return <Loading what="Loading the run" />;
  const done = Math.max(progress?.done ?? 0, r.done);

  async function cancel() {
    try {
      run.setData(await call(client.POST('/api/modelling/runs/{id}/cancel', { params: { path: { id } } })));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <BackLink to={`/modelling/scenarios/${r.scenarioId}`}>{r.scenarioName}</BackLink>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        {r.scenarioName}: run of {new Date(r.startedAt).toLocaleString('en-GB')}
      </h1>
      <p className="nhsuk-body">
        <RunState run={{ ...r, done }} />
      </p>
      <ErrorSummary error={error} />
      {inProgress && (
        <>
          <label className="nhsuk-label" htmlFor="run-progress">
            {done} of {r.replications} replications done
          </label>
          <progress id="run-progress" max={r.replications} value={done} style={{ width: '100%', height: 24 }} />
          <p className="nhsuk-body-s" aria-live="polite">
            Each replication runs the baseline and the scenario with the same random numbers, in worker threads on the server.
          </p>
          <Button variant="warning" onClick={() => void cancel()}>
            Cancel the run
          </Button>
        </>
      )}
      {r.status === 'failed' && <WarningCallout heading="The run failed">{r.error}</WarningCallout>}
      {r.status === 'cancelled' && <p className="nhsuk-body">The run was cancelled after {r.done} of {r.replications} replications.</p>}
      {r.results && <ResultsView results={r.results} />}
      <p className="nhsuk-body-s">
        <Link to="/modelling">All scenarios</Link>
      </p>
    </>
  );
}

const UNIT_DIGITS: Record<string, number> = { share: 3, seconds: 1, minutes: 1, count: 1 };

function shown(value: number | null, unit: string): string {
  if (value === null) return '—';
  return unit === 'share' ? `${fmt(value * 100, 1)}%` : fmt(value, UNIT_DIGITS[unit] ?? 2);
}

function interval(c: Comparison['baseline'], unit: string): string {
  return c.low === null ? shown(c.mean, unit) : `${shown(c.mean, unit)} (${shown(c.low, unit)} to ${shown(c.high, unit)})`;
}

function changeRow(label: string, c: Comparison): ChangeRow {
  const base = c.baseline.mean;
  const pct = (v: number | null) => (v === null || base === 0 ? null : (v / Math.abs(base)) * 100);
  return { label, percent: pct(c.difference.mean) ?? 0, low: pct(c.difference.low), high: pct(c.difference.high), real: c.real };
}

function ResultsView({ results }: { results: Results }) {
  const names = useApi((signal) => client.GET('/api/modelling/baseline', { signal }));
  const orgName = (id: string) => names.data?.allOrganisations.find((o) => o.id === id)?.name ?? id;
  const priced = results.organisations.some((o) => o.income);
  const organisations = [...results.organisations].sort((a, b) => b.accepted.scenario.mean - a.accepted.scenario.mean);
  const staffing = results.staffing;
  const surge = staffing.surgePeak;
  return (
    <>
      <h2 className="nhsuk-heading-m">Results</h2>
      <p className="nhsuk-body">
        {results.replications} replications of {results.horizonDays} days each, baseline and scenario with the same random numbers. A difference is <strong>real</strong> when its 95%
        interval excludes 0.
      </p>
      <Table
        caption="Each measure: baseline, scenario and the difference, with 95% intervals"
        rows={results.measures}
        rowKey={(m) => m.key}
        columns={[
          { heading: 'Measure', cell: (m) => m.label },
          { heading: 'Baseline', cell: (m) => interval(m.comparison.baseline, m.unit) },
          { heading: 'Scenario', cell: (m) => interval(m.comparison.scenario, m.unit) },
          { heading: 'Difference', cell: (m) => interval(m.comparison.difference, m.unit) },
          { heading: 'Real?', cell: (m) => (m.comparison.real ? <Tag colour="blue">Real</Tag> : <Tag colour="grey">Not shown</Tag>) },
        ]}
      />
      {results.commissionerCost && (
        <p className="nhsuk-body">
          Cost to the commissioner over the run: £{fmt(results.commissionerCost.baseline.mean, 0)} in the baseline, £{fmt(results.commissionerCost.scenario.mean, 0)} in the scenario; difference £
          <Difference c={results.commissionerCost} digits={0} />.
        </p>
      )}
      <ChangeChart rows={results.measures.filter((m) => m.comparison.baseline.mean !== 0).map((m) => changeRow(m.label, m.comparison))} />
      <WeekLines
        title="Mean time to answer by hour of the week (seconds)"
        unit="seconds"
        series={[
          { label: 'Baseline', values: results.byHour.map((h) => h.baselineCallWaitSeconds), colour: BASELINE_COLOUR },
          { label: 'Scenario', values: results.byHour.map((h) => h.scenarioCallWaitSeconds), halfWidths: results.byHour.map((h) => h.scenarioCallWaitHalfWidth), colour: SCENARIO_COLOUR },
        ]}
      />
      <WeekLines
        title="Call-backs waiting by hour of the week"
        unit="call-backs waiting"
        digits={2}
        series={[
          { label: 'Baseline', values: results.byHour.map((h) => h.baselineClinicalQueue), colour: BASELINE_COLOUR },
          { label: 'Scenario', values: results.byHour.map((h) => h.scenarioClinicalQueue), colour: SCENARIO_COLOUR },
        ]}
      />
      <WeekLines
        title="Call handlers and clinicians busy by hour of the week (share of those on duty)"
        unit="share busy"
        digits={2}
        series={[
          { label: 'Call handlers, baseline', values: results.byHour.map((h) => h.baselineHandlerUtilisation), colour: BASELINE_COLOUR },
          { label: 'Call handlers, scenario', values: results.byHour.map((h) => h.scenarioHandlerUtilisation), colour: SCENARIO_COLOUR },
          { label: 'Clinicians, baseline', values: results.byHour.map((h) => h.baselineClinicianUtilisation), colour: '#aeb7bd', dashed: true },
          { label: 'Clinicians, scenario', values: results.byHour.map((h) => h.scenarioClinicianUtilisation), colour: '#330072', dashed: true },
        ]}
      />

      <h2 className="nhsuk-heading-m">Staffing: need against the rota</h2>
      <p className="nhsuk-body">
        Call handlers needed for 95% answered in 60 seconds (Erlang A, with callers hanging up) and clinicians for 90% of call-backs within 20 minutes (Erlang C), per half hour, beside the
        scenario’s rota{surge ? `; at the surge’s peak demand is ×${fmt(surge.factor, 2)}` : ''}.
      </p>
      <WeekLines
        title="Call handlers per half hour"
        unit="call handlers"
        perHalfHour
        digits={0}
        series={[
          { label: 'Rota (scenario)', values: staffing.scenario.map((s) => s.handlersRostered), colour: '#009639', stepped: true },
          { label: 'Needed, baseline demand', values: staffing.baseline.map((s) => s.handlersNeeded), colour: BASELINE_COLOUR, dashed: true, stepped: true },
          ...(surge ? [{ label: 'Needed at the surge’s peak', values: surge.rows.map((s) => s.handlersNeeded), colour: '#d5281b', stepped: true }] : [{ label: 'Needed, scenario demand', values: staffing.scenario.map((s) => s.handlersNeeded), colour: SCENARIO_COLOUR, stepped: true }]),
        ]}
      />
      <WeekLines
        title="Clinicians per half hour"
        unit="clinicians"
        perHalfHour
        digits={0}
        series={[
          { label: 'Rota (scenario)', values: staffing.scenario.map((s) => s.cliniciansRostered), colour: '#009639', stepped: true },
          { label: 'Needed, baseline demand', values: staffing.baseline.map((s) => s.cliniciansNeeded), colour: BASELINE_COLOUR, dashed: true, stepped: true },
          ...(surge ? [{ label: 'Needed at the surge’s peak', values: surge.rows.map((s) => s.cliniciansNeeded), colour: '#d5281b', stepped: true }] : [{ label: 'Needed, scenario demand', values: staffing.scenario.map((s) => s.cliniciansNeeded), colour: SCENARIO_COLOUR, stepped: true }]),
        ]}
      />

      <h2 className="nhsuk-heading-m">By organisation</h2>
      <PairedBars
        title="Referrals accepted over the run, by organisation (the 12 busiest)"
        unit="referrals"
        rows={organisations.slice(0, 12).map((o) => ({ label: orgName(o.organisationId), baseline: o.accepted.baseline.mean, scenario: o.accepted.scenario.mean, scenarioLow: o.accepted.scenario.low, scenarioHigh: o.accepted.scenario.high }))}
      />
      {priced && (
        <PairedBars
          title="Income over the run, by organisation (£, the 12 largest)"
          unit="£"
          rows={[...organisations]
            .sort((a, b) => (b.income?.scenario.mean ?? 0) - (a.income?.scenario.mean ?? 0))
            .slice(0, 12)
            .map((o) => ({ label: orgName(o.organisationId), baseline: o.income!.baseline.mean, scenario: o.income!.scenario.mean, scenarioLow: o.income!.scenario.low, scenarioHigh: o.income!.scenario.high }))}
        />
      )}
      <Table
        caption={`The ${Math.min(25, organisations.length)} organisations with most ${priced ? 'income' : 'referrals'}: referrals accepted and, when priced, income and margin (scenario − baseline, with 95% intervals)`}
        rows={(priced ? [...organisations].sort((a, b) => (b.income?.scenario.mean ?? 0) - (a.income?.scenario.mean ?? 0)) : organisations).slice(0, 25)}
        rowKey={(o) => o.organisationId}
        columns={[
          { heading: 'Organisation', cell: (o) => orgName(o.organisationId) },
          { heading: 'Accepted: baseline → scenario', cell: (o) => `${fmt(o.accepted.baseline.mean, 0)} → ${fmt(o.accepted.scenario.mean, 0)}`, numeric: true },
          { heading: 'Difference', cell: (o) => <Difference c={o.accepted} digits={0} />, numeric: true },
          ...(priced
            ? [
                { heading: 'Income difference (£)', cell: (o: (typeof organisations)[number]) => (o.income ? <Difference c={o.income} digits={0} /> : '—'), numeric: true },
                { heading: 'Margin difference (£)', cell: (o: (typeof organisations)[number]) => (o.margin ? <Difference c={o.margin} digits={0} /> : '—'), numeric: true },
              ]
            : []),
        ]}
      />
      <Table
        caption="The 20 services taking most referrals in the scenario"
        rows={results.services.slice(0, 20)}
        rowKey={(s) => s.serviceId}
        columns={[
          { heading: 'Service', cell: (s) => s.name },
          { heading: 'Organisation', cell: (s) => orgName(s.organisationId) },
          { heading: 'Accepted: baseline → scenario', cell: (s) => `${fmt(s.baselineAccepted, 0)} → ${fmt(s.scenarioAccepted, 0)}`, numeric: true },
          { heading: 'Refused as full: baseline → scenario', cell: (s) => `${fmt(s.baselineRejectedFull, 0)} → ${fmt(s.scenarioRejectedFull, 0)}`, numeric: true },
        ]}
      />
    </>
  );
}

function Difference({ c, digits }: { c: Comparison; digits: number }) {
  const d = c.difference;
  return (
    <span>
      {d.mean > 0 ? '+' : ''}
      {fmt(d.mean, digits)}
      {d.low !== null && (
        <span className="nhsuk-body-s">
          {' '}
          ({fmt(d.low, digits)} to {fmt(d.high, digits)})
        </span>
      )}{' '}
      {c.real && <Tag colour="blue">Real</Tag>}
    </span>
  );
}
