// The commissioner's modelling page: the baseline built from the directory, saved scenarios (their own
// and those shared with commissioners) and recent runs.
import { ButtonLink, LoadError, Loading, SummaryList, Table, Tag } from '../../components/nhs';
import { client, useApi, type Reply } from '../../lib/api';
import { Link } from '../../lib/router';
import { fmt } from './charts';
import { describeChange } from './changes';

type Scenario = Reply<'/api/modelling/scenarios'>['scenarios'][number];
type Run = Reply<'/api/modelling/runs'>['runs'][number];

export function Scenarios() {
  const baseline = useApi((signal) => client.GET('/api/modelling/baseline', { signal }));
  const scenarios = useApi((signal) => client.GET('/api/modelling/scenarios', { signal }));
  const runs = useApi((signal) => client.GET('/api/modelling/runs', { signal }));
  const b = baseline.data;
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        Demand and capacity modelling
      </h1>
      <p className="nhsuk-body">
        Try a change before making it: a scenario changes the baseline — your community as the directory describes it — and is run many times against it with the same random
        numbers, so you see each measure with its 95% interval and which differences are real.
      </p>
      <ButtonLink to="/modelling/scenarios/new">New scenario</ButtonLink>

      <h2 className="nhsuk-heading-m">Scenarios</h2>
      {scenarios.error && <LoadError error={scenarios.error} retry={scenarios.reload} />}
      {scenarios.loading && !scenarios.data && <Loading what="Loading scenarios" />}
      {scenarios.data && (
        <Table<Scenario>
          caption="Your scenarios and those shared with commissioners"
          rows={scenarios.data.scenarios}
          rowKey={(s) => s.id}
          empty="No scenarios yet."
          columns={[
            { heading: 'Name', cell: (s) => <Link to={`/modelling/scenarios/${s.id}`}>{s.name}</Link> },
            { heading: 'Changes', cell: (s) => (s.changes.length ? s.changes.map((c, i) => <div key={i}>{describeChange(c)}</div>) : 'none (the baseline)') },
            { heading: 'Owner', cell: (s) => (s.mine ? 'You' : s.owner.displayName) },
            { heading: 'Shared', cell: (s) => (s.sharedWithCommissioners ? <Tag colour="blue">Shared</Tag> : <Tag colour="grey">Private</Tag>) },
            { heading: 'Runs', cell: (s) => `${s.replications} × ${s.horizonDays} days`, numeric: true },
          ]}
        />
      )}

      <h2 className="nhsuk-heading-m">Recent runs</h2>
      {runs.error && <LoadError error={runs.error} retry={runs.reload} />}
      {runs.data && (
        <Table<Run>
          rows={runs.data.runs.slice(0, 10)}
          rowKey={(r) => r.id}
          empty="No runs yet."
          columns={[
            { heading: 'Scenario', cell: (r) => <Link to={`/modelling/runs/${r.id}`}>{r.scenarioName}</Link> },
            { heading: 'Started', cell: (r) => new Date(r.startedAt).toLocaleString('en-GB') },
            { heading: 'State', cell: (r) => <RunState run={r} /> },
          ]}
        />
      )}

      <h2 className="nhsuk-heading-m">The baseline</h2>
      {baseline.error && <LoadError error={baseline.error} retry={baseline.reload} />}
      {baseline.loading && !b && <Loading what="Building the baseline from the directory" />}
      {b && (
        <>
          <SummaryList
            rows={[
              { key: 'Population', value: `${fmt(b.population, 0)} people in ${b.areas.length} areas (${b.areas.map((a) => a.name).join(', ')})` },
              { key: 'Demand', value: `${fmt(b.contactsPerYear, 0)} contacts a year (${b.contactsPerPersonYear} per person), shaped by hour of the week` },
              { key: 'Services', value: `${b.services.included} services of ${b.organisations} organisations receive referrals` },
              { key: 'Rota', value: `${fmt(b.callHandlerHoursPerWeek, 0)} call handler hours and ${fmt(b.clinicianHoursPerWeek, 0)} clinician hours a week, sized by Erlang for 95% answered in 60 s` },
            ]}
          />
          <Table
            caption="Services by type: what the baseline takes from the directory"
            rows={b.byServiceType}
            rowKey={(t) => t.typeId}
            columns={[
              { heading: 'Type', cell: (t) => t.name },
              { heading: 'Services', cell: (t) => t.services, numeric: true },
              { heading: 'Open hours a week', cell: (t) => fmt(t.openHoursPerWeek, 0), numeric: true },
              { heading: 'Referrals it can take a week', cell: (t) => fmt(t.referralsPerWeek, 0), numeric: true },
            ]}
          />
          {b.services.excluded.length > 0 && (
            <p className="nhsuk-body-s">Not modelled as referral receivers: {b.services.excluded.map((e) => `${e.count} ${e.reason}`).join('; ')}.</p>
          )}
        </>
      )}
    </>
  );
}

export function RunState({ run }: { run: Pick<Run, 'status' | 'done' | 'replications'> }) {
  if (run.status === 'done') return <Tag colour="green">Done</Tag>;
  if (run.status === 'failed') return <Tag colour="red">Failed</Tag>;
  if (run.status === 'cancelled') return <Tag colour="grey">Cancelled</Tag>;
  return (
    <Tag colour="blue">
      {run.status === 'queued' ? 'Queued' : `Running ${run.done} of ${run.replications}`}
    </Tag>
  );
}
