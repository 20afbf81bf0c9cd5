// "Which searches would return me?" — sweeps the service's own profile through the real search:
// each of its dispositions × each of its symptom group / discriminator pairs, searched from the
// service's own location at a chosen time, for a patient its eligibility accepts.
import { yearsToDays } from '../../../../src/directory/age';
import { useState } from 'react';
import { BackLink, Button, ErrorSummary, LoadError, Loading, Select, Tag, TextInput } from '../../components/nhs';
import { LongActionProgress, useLongAction } from '../../components/progress';
import { call, client, useApi } from '../../lib/api';
import { useReference } from '../../lib/reference';
import { Link } from '../../lib/router';
import type { Service } from '../../lib/types';

interface Cell {
  disposition: string;
  sg: number;
  sd: string;
  returned: boolean;
  position?: number;
  why?: string;
  error?: string;
}

/** An age the service accepts: 35 years if it can, else the middle of its range. */
export function representativeAgeDays(fromDays: number, toDays: number): number {
  const adult = yearsToDays(35);
  if (adult >= fromDays && adult <= toDays) return adult;
  return Math.floor((fromDays + toDays) / 2);
}

export function sweepPlan(service: Pick<Service, 'coverage'>): { disposition: string; sg: number; sd: string }[] {
  return service.coverage.dispositions.flatMap((disposition) => service.coverage.symptoms.map((p) => ({ disposition, sg: p.sg, sd: p.sd })));
}

export function WhichSearches({ params }: { params: Record<string, string> }) {
  const ref = useReference();
  const loaded = useApi((signal) => client.GET('/api/directory/services/{id}', { params: { path: { id: Number(params.id) } }, signal }), params.id);
  const [at, setAt] = useState('');
  const [role, setRole] = useState<Service['referralRoles'][number] | undefined>();
  const [cells, setCells] = useState<Cell[] | null>(null);
  const sweep = useLongAction();
  const [error, setError] = useState<unknown>(null);

  if (loaded.error) return <LoadError error={loaded.error} />;
  if (!loaded.data) return <Loading what="Loading the service" />;
  const s = loaded.data.service;
  const referralRole = role || (s.referralRoles.includes('call-handler') ? 'call-handler' : s.referralRoles[0]);
  const plan = sweepPlan(s);

  // Many searches, four at a time: the progress is how many have run; Cancel stops the rest (and
  // those in flight), keeping what has been found so far.
  const run = () => sweep.run(async (signal, step) => {
    setError(null);
    const out: Cell[] = [];
    setCells([]);
    step(0, plan.length);
    const sex = s.eligibility.sexes.length === 1 ? s.eligibility.sexes[0] : 'unknown';
    const ageDays = representativeAgeDays(s.eligibility.ageFromDays, s.eligibility.ageToDays);
    const when = at ? new Date(at).toISOString() : undefined;
    let next = 0;
    const worker = async () => {
      while (next < plan.length && !signal.aborted) {
        const item = plan[next++];
        try {
          const outcome = await call(
            client.POST('/api/directory/search', {
            body: {
              location: { lat: s.lat, lon: s.lon },
              age: { value: ageDays, unit: 'days' },
              sex,
              disposition: item.disposition,
              symptomGroup: item.sg,
              symptomDiscriminators: [item.sd],
              referralRole,
              at: when,
              registeredPractice: s.eligibility.registeredPractices[0],
              limit: 50,
              explain: true,
              // A check of the directory, not a patient: never counted as a gap or unmet need.
              purpose: 'test',
            },
            signal,
          }),
          );
          // A catch-all offer is not a match: the service failed rules (listed in `excluded`).
          const index = outcome.results.findIndex((r) => r.serviceId === s.id && !r.catchAll);
          const excluded = outcome.excluded?.find((e) => e.serviceId === s.id);
          out.push({
            ...item,
            returned: index >= 0,
            position: index >= 0 ? index + 1 : undefined,
            why: index >= 0 ? undefined : excluded ? excluded.rules.map((r) => r.detail || r.rule).join('; ') : 'not considered (outside the search distance or filtered first)',
          });
        } catch (e) {
          if (signal.aborted) return;
          out.push({ ...item, returned: false, error: (e as Error).message });
        }
        step(out.length, plan.length);
        setCells([...out]);
      }
    };
    try {
      await Promise.all([worker(), worker(), worker(), worker()]);
    } catch (e) {
      setError(e);
    }
  });

  const returned = cells?.filter((c) => c.returned).length ?? 0;
  const byReason = new Map<string, number>();
  cells?.filter((c) => !c.returned).forEach((c) => byReason.set(c.why ?? c.error ?? '?', (byReason.get(c.why ?? c.error ?? '?') ?? 0) + 1));
  const sorted = cells ? [...cells].sort((a, b) => a.disposition.localeCompare(b.disposition) || a.sg - b.sg || a.sd.localeCompare(b.sd)) : [];

  return (
    <>
      <BackLink to={`/dos/services/${s.id}`}>{s.name}</BackLink>
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        <span className="nhsuk-caption-l">{s.name}</span>
        Which searches would return this service?
      </h1>
      <p className="nhsuk-body">
        Runs the real directory search for each of its {s.coverage.dispositions.length} dispositions × {s.coverage.symptoms.length} symptom pairs ({plan.length} searches), from the
        service's own location, for a patient its eligibility accepts.
      </p>
      <div className="sp-row">
        <TextInput label="Search time" hint="Empty: now" type="datetime-local" value={at} onValue={setAt} />
        <Select
          label="Referral role"
          value={referralRole}
          onValue={(v) => setRole(s.referralRoles.find((r) => r === v))}
          options={s.referralRoles.map((r) => ({ value: r, label: r }))}
        />
        <Button onClick={() => void run()} disabled={sweep.running}>
          Run {plan.length} searches
        </Button>
      </div>
      <LongActionProgress action={sweep} what="Running the searches" unit="searches run" />
      {cells && (
        <p className="nhsuk-body" role="status" aria-live="polite" data-testid="sweep-progress">
          {cells.length} of {plan.length} searches run. Returned in <strong>{returned}</strong>.
        </p>
      )}
      {cells && cells.length > 0 && (
        <>
          {byReason.size > 0 && (
            <>
              <h2 className="nhsuk-heading-m">Why it was not returned</h2>
              <ul className="nhsuk-list nhsuk-list--bullet">
                {[...byReason.entries()].sort((a, b) => b[1] - a[1]).map(([why, n]) => (
                  <li key={why}>
                    {n} × {why}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2 className="nhsuk-heading-m">Every search</h2>
          <div className="sp-table-scroll">
            <table className="nhsuk-table" data-testid="sweep-results">
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col" className="nhsuk-table__header">Disposition</th>
                  <th scope="col" className="nhsuk-table__header">Symptom group / discriminator</th>
                  <th scope="col" className="nhsuk-table__header">Result</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {sorted.map((c) => (
                  <tr key={`${c.disposition}-${c.sg}-${c.sd}`} className="nhsuk-table__row">
                    <td className="nhsuk-table__cell">
                      {c.disposition} <span className="sp-muted">{ref?.dispositionTitle(c.disposition)}</span>
                    </td>
                    <td className="nhsuk-table__cell">
                      {ref?.sgTitle(c.sg) ?? c.sg} / {ref?.sdTitle(c.sd) ?? c.sd}
                    </td>
                    <td className="nhsuk-table__cell">
                      {c.returned ? <Tag colour="green">Returned #{c.position}</Tag> : <Tag colour={c.error ? 'orange' : 'grey'}>Not returned</Tag>} {c.why ?? c.error ?? ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="nhsuk-body">
        <Link to={`/dos/services/${s.id}/edit`}>Propose changes to its coverage or hours</Link>
      </p>
    </>
  );
}
