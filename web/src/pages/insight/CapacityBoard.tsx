// The community's live capacity: every service's RAG status, updated as it changes (SSE).
import { useMemo, useState } from 'react';
import { RagBadge } from '../../components/directory';
import { LiveMessage, Loading, Select, Tag } from '../../components/nhs';
import { call, client, useApi, useEventStream } from '../../lib/api';
import { relative, when } from '../../lib/format';
import { useReference } from '../../lib/reference';
import { Link } from '../../lib/router';
import { useAllServices } from '../../lib/services';
import type { CapacityRecord, Rag } from '../../lib/types';

/** A capacity.set or capacity.expired event from the stream: the record as set, with the service's name. */
type CapacityEvent = CapacityRecord & { serviceName: string | null };

interface Live {
  status: Rag;
  reason: string | null;
  setByName: string | null;
  setAt: string | null;
  resetAt: string | null;
}

const URGENT_CATEGORIES = ['urgent-care', 'emergency', 'primary-care', 'hospital-specialist'];

export function CapacityBoard() {
  const ref = useReference();
  const { services, error } = useAllServices({ status: 'active' });
  const initial = useApi((signal) => client.GET('/api/capacity', { signal }));
  const [updates, setUpdates] = useState<Record<number, Live>>({});
  const [flash, setFlash] = useState<Set<number>>(new Set());
  const [announce, setAnnounce] = useState('');
  const [area, setArea] = useState('');
  const [typeId, setTypeId] = useState('');
  const [show, setShow] = useState<'pressure' | 'all'>('pressure');

  const state = useEventStream('/api/capacity/stream', ['capacity.set', 'capacity.expired'], (type, data) => {
    const p = data as CapacityEvent;
    setUpdates((u) => ({ ...u, [p.serviceId]: { status: p.status, reason: p.reason, setByName: p.setByName, setAt: p.setAt, resetAt: p.resetAt } }));
    setFlash((f) => new Set(f).add(p.serviceId));
    window.setTimeout(() => setFlash((f) => {
      const n = new Set(f);
      n.delete(p.serviceId);
      return n;
    }), 2500);
    setAnnounce(`${p.serviceName ?? 'A service'} is now ${p.status}${type === 'capacity.expired' ? ' (reset time passed)' : ''}${p.reason ? `: ${p.reason}` : ''}`);
  });

  const statusOf = useMemo(() => {
    const base = new Map<number, Live>();
    for (const c of initial.data?.capacity ?? []) {
      base.set(c.serviceId, { status: c.status, reason: c.expired ? null : (c.record?.reason ?? null), setByName: c.record?.setByName ?? null, setAt: c.record?.setAt ?? null, resetAt: c.expired ? null : (c.record?.resetAt ?? null) });
    }
    for (const [id, live] of Object.entries(updates)) base.set(Number(id), live);
    return (id: number): Live => base.get(id) ?? { status: 'green', reason: null, setByName: null, setAt: null, resetAt: null };
  }, [initial.data, updates]);

  if (error) return <p className="nhsuk-body">Could not load the services.</p>;
  if (!services || !initial.data || !ref) return <Loading what="Loading the capacity board" />;

  const typeCategory = new Map(ref.serviceTypes.map((t) => [t.id, t.category]));
  const inScope = services.filter((s) => (!area || s.areaCode === area) && (typeId ? s.typeId === Number(typeId) : URGENT_CATEGORIES.includes(typeCategory.get(s.typeId) ?? '')));
  const counts = { green: 0, amber: 0, red: 0 } as Record<Rag, number>;
  for (const s of inScope) counts[statusOf(s.id).status]++;
  const areaCodes = [...new Set(services.map((s) => s.areaCode).filter((a): a is string => Boolean(a)))].sort();
  const byArea = areaCodes.map((code) => {
    const c = { green: 0, amber: 0, red: 0 } as Record<Rag, number>;
    for (const s of inScope) if (s.areaCode === code) c[statusOf(s.id).status]++;
    return { code, ...c };
  });
  const order: Record<Rag, number> = { red: 0, amber: 1, green: 2 };
  const tiles = inScope
    .filter((s) => show === 'all' || statusOf(s.id).status !== 'green')
    .sort((a, b) => order[statusOf(a.id).status] - order[statusOf(b.id).status] || a.name.localeCompare(b.name));

  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Live capacity board</h1>
      <p className="nhsuk-body">
        {state === 'live' ? <Tag colour="green">Live</Tag> : <Tag colour="orange">{state === 'connecting' ? 'Connecting' : 'Reconnecting'}</Tag>} Changes appear here as services set them.
      </p>
      <LiveMessage message={announce} />
      <div className="sp-row">
        <Select label="Area" value={area} onValue={setArea} options={[{ value: '', label: 'All areas' }, ...areaCodes.map((a) => ({ value: a, label: ref.areaName(a) }))]} />
        <Select
          label="Service type"
          value={typeId}
          onValue={setTypeId}
          options={[{ value: '', label: 'Urgent and emergency care' }, ...ref.serviceTypes.map((t) => ({ value: String(t.id), label: t.name }))]}
        />
        <Select
          label="Show"
          value={show}
          onValue={(v) => setShow(v as 'pressure' | 'all')}
          options={[
            { value: 'pressure', label: 'Amber and red only' },
            { value: 'all', label: 'Every service' },
          ]}
        />
      </div>
      <div className="sp-grid nhsuk-u-margin-bottom-5" aria-label="Totals">
        {(['red', 'amber', 'green'] as Rag[]).map((r) => (
          <div className="nhsuk-card nhsuk-u-margin-bottom-0" key={r}>
            <div className="nhsuk-card__content">
              <p className="nhsuk-heading-xl nhsuk-u-margin-bottom-1" data-testid={`count-${r}`}>
                {counts[r]}
              </p>
              <RagBadge status={r} /> services
            </div>
          </div>
        ))}
      </div>
      <div className="sp-table-scroll">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-table__caption--s">By area</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col" className="nhsuk-table__header">Area</th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Red</th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Amber</th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Green</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {byArea.filter((a) => a.red + a.amber + a.green > 0).map((a) => (
              <tr key={a.code} className="nhsuk-table__row">
                <th scope="row" className="nhsuk-table__header nhsuk-u-font-weight-normal">{ref.areaName(a.code)}</th>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{a.red ? <span className="sp-rag sp-rag--red">{a.red}</span> : 0}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{a.amber ? <span className="sp-rag sp-rag--amber">{a.amber}</span> : 0}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{a.green}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 className="nhsuk-heading-m">{show === 'all' ? 'Every service' : 'Services under pressure'}</h2>
      {tiles.length === 0 ? (
        <p className="nhsuk-body">Every service in view is green.</p>
      ) : (
        <ul className="sp-board" data-testid="board">
          {tiles.map((s) => {
            const st = statusOf(s.id);
            return (
              <li key={s.id} className={`sp-board--${st.status}${flash.has(s.id) ? ' sp-flash' : ''}`} data-service-id={s.id}>
                <Link to={`/dos/services/${s.id}`}>{s.name}</Link>
                <div className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                  <RagBadge status={st.status} /> {ref.typeName(s.typeId)}
                  {st.reason && <div>{st.reason}</div>}
                  {st.resetAt && st.status !== 'green' && (
                    <div className="sp-muted">
                      Resets {when(st.resetAt)} ({relative(st.resetAt)})
                    </div>
                  )}
                  {st.setByName && <div className="sp-muted">Set by {st.setByName}</div>}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

export async function setCapacity(serviceId: number, status: Rag, reason: string, resetAfterMinutes: number): Promise<void> {
  await call(client.PUT('/api/capacity/services/{id}', { params: { path: { id: serviceId } }, body: { status, reason: reason || undefined, resetAfterMinutes } }));
}
