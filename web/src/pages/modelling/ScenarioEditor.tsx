// A scenario: its settings and changes as forms, saving (the server names any field at fault), running
// it against the baseline, and its runs.
import { useEffect, useState } from 'react';
import { BackLink, Button, Checkboxes, ErrorSummary, LoadError, Loading, Select, Table, Textarea, TextInput } from '../../components/nhs';
import { ApiError, call, client, useApi, type Reply, type RequestBody } from '../../lib/api';
import { Link, navigate } from '../../lib/router';
import { ChangeForm, describeChange, KINDS, newChange, type Change } from './changes';
import { RunState } from './Scenarios';

type Body = RequestBody<'/api/modelling/scenarios'>;
type Run = Reply<'/api/modelling/runs'>['runs'][number];

const EMPTY: Body = { name: '', description: '', sharedWithCommissioners: false, replications: 20, horizonDays: 28, seed: 2026, changes: [] };

export function ScenarioEditor({ params }: { params: Record<string, string> }) {
  const id = params.id && params.id !== 'new' ? params.id : null;
  const baseline = useApi((signal) => client.GET('/api/modelling/baseline', { signal }));
  const existing = useApi(id ? (signal) => client.GET('/api/modelling/scenarios/{id}', { params: { path: { id } }, signal }) : null, id);
  const runs = useApi(id ? (signal) => client.GET('/api/modelling/runs', { params: { query: { scenarioId: id } }, signal }) : null, id);
  const [body, setBody] = useState<Body>(EMPTY);
  const [kind, setKind] = useState<Change['kind']>('demand-surge');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // One key per run asked for: a retry after a lost reply never starts a second run.
  const [runKey, setRunKey] = useState(() => crypto.randomUUID());

  useEffect(() => {
    const s = existing.data;
    if (s) setBody({ name: s.name, description: s.description, sharedWithCommissioners: s.sharedWithCommissioners, replications: s.replications, horizonDays: s.horizonDays, seed: s.seed, changes: s.changes });
  }, [existing.data]);

  const b = baseline.data;
  if (baseline.error) return <LoadError error={baseline.error} retry={baseline.reload} />;
  if (existing.error) return <LoadError error={existing.error} retry={existing.reload} />;
  if (!b || (id && !existing.data)) return <Loading what="Loading the scenario" />;
  const mine = !id || existing.data?.mine === true;
  const names = Object.fromEntries(b.serviceList.map((s) => [s.id, s.name]));
  const details = error instanceof ApiError ? error.details : [];
  const fieldError = (path: string) => details.find((d) => d.path === `body.${path}` || d.path.startsWith(`body.${path}.`))?.message;
  const changes = body.changes ?? [];
  const setChanges = (next: Change[]) => setBody({ ...body, changes: next });
  const number = (value: string) => (value.trim() === '' ? NaN : Number(value));

  async function save(): Promise<string | null> {
    setBusy(true);
    setError(null);
    try {
      const saved = id
        ? await call(client.PUT('/api/modelling/scenarios/{id}', { params: { path: { id } }, body }))
        : await call(client.POST('/api/modelling/scenarios', { body }));
      if (!id) navigate(`/modelling/scenarios/${saved.id}`, { replace: true });
      else existing.setData(saved);
      return saved.id;
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function run() {
    const scenarioId = mine ? await save() : id;
    if (!scenarioId) return;
    setBusy(true);
    try {
      const started = await call(client.POST('/api/modelling/runs', { body: { scenarioId }, headers: { 'Idempotency-Key': runKey } }));
      setRunKey(crypto.randomUUID());
      navigate(`/modelling/runs/${started.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!id || !window.confirm('Delete this scenario and its runs?')) return;
    try {
      await call(client.DELETE('/api/modelling/scenarios/{id}', { params: { path: { id } } }));
      navigate('/modelling');
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <BackLink to="/modelling">Modelling</BackLink>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        {id ? body.name || 'Scenario' : 'New scenario'}
      </h1>
      {!mine && <p className="nhsuk-body">Shared by {existing.data?.owner.displayName}: you can run it; only they can change it.</p>}
      <ErrorSummary error={error} />
      <fieldset className="nhsuk-fieldset" disabled={!mine}>
        <TextInput label="Name" value={body.name} onValue={(name) => setBody({ ...body, name })} error={fieldError('name')} />
        <Textarea label="Description" value={body.description ?? ''} onValue={(description) => setBody({ ...body, description })} error={fieldError('description')} />
        <Checkboxes
          legend="Sharing"
          legendSize="s"
          name="shared"
          small
          values={body.sharedWithCommissioners ? ['shared'] : []}
          onValues={(v) => setBody({ ...body, sharedWithCommissioners: v.includes('shared') })}
          choices={[{ value: 'shared', label: 'Share with all commissioners' }]}
        />
        <div className="sp-row">
          <TextInput label="Replications" hint="1 to 1,000" width={4} inputMode="numeric" value={String(body.replications)} onValue={(v) => setBody({ ...body, replications: number(v) })} error={fieldError('replications')} />
          <TextInput label="Days simulated" hint="up to 5 years" width={4} inputMode="numeric" value={String(body.horizonDays)} onValue={(v) => setBody({ ...body, horizonDays: number(v) })} error={fieldError('horizonDays')} />
          <TextInput label="Random seed" width={10} inputMode="numeric" value={String(body.seed)} onValue={(v) => setBody({ ...body, seed: number(v) })} error={fieldError('seed')} />
        </div>

        <h2 className="nhsuk-heading-m">Changes to the baseline</h2>
        {changes.length === 0 && <p className="nhsuk-body">No changes: a run compares the baseline with itself.</p>}
        {changes.map((change, i) => (
          <ChangeForm
            key={i}
            change={change}
            baseline={b}
            onChange={(c) => setChanges(changes.map((x, j) => (j === i ? c : x)))}
            onRemove={() => setChanges(changes.filter((_, j) => j !== i))}
            errorOf={(field) => fieldError(`changes.${i}.${field}`) ?? (field === 'serviceId' ? fieldError(`changes.${i}`) : undefined)}
          />
        ))}
        <div className="sp-row">
          <Select label="Add a change" options={KINDS} value={kind} onValue={(v) => setKind(v as Change['kind'])} />
          <Button variant="secondary" onClick={() => setChanges([...changes, newChange(kind, b)])}>
            Add
          </Button>
        </div>
      </fieldset>
      <div className="sp-row">
        {mine && (
          <Button variant="secondary" onClick={() => void save()} disabled={busy}>
            Save
          </Button>
        )}
        <Button onClick={() => void run()} disabled={busy}>
          {mine ? 'Save and run' : 'Run'}
        </Button>
        {id && mine && (
          <Button variant="warning" onClick={() => void remove()} disabled={busy}>
            Delete
          </Button>
        )}
      </div>

      {id && (
        <>
          <h2 className="nhsuk-heading-m">Runs</h2>
          {runs.data && (
            <Table<Run>
              rows={runs.data.runs}
              rowKey={(r) => r.id}
              empty="Not run yet."
              columns={[
                { heading: 'Started', cell: (r) => <Link to={`/modelling/runs/${r.id}`}>{new Date(r.startedAt).toLocaleString('en-GB')}</Link> },
                { heading: 'Changes', cell: (r) => (r.scenarioName === body.name ? '' : r.scenarioName) },
                { heading: 'State', cell: (r) => <RunState run={r} /> },
              ]}
            />
          )}
          <p className="nhsuk-body-s">Changes as saved: {changes.map((c) => describeChange(c, names)).join('; ') || 'none'}.</p>
        </>
      )}
    </>
  );
}
