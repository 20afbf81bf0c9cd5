// Set a service's capacity: green, amber or red, with a reason and when it resets by itself.
import { useEffect, useState } from 'react';
import { RagBadge } from '../../components/directory';
import { Button, Details, ErrorSummary, Loading, Radios, Select, Table, TextInput } from '../../components/nhs';
import { call, client, useApi } from '../../lib/api';
import { hasRole, useAuth } from '../../lib/auth';
import { relative, when } from '../../lib/format';
import { useReference } from '../../lib/reference';
import { Link, useSearchParams } from '../../lib/router';
import { useOrganisationServices } from '../../lib/services';
import type { Rag, Service } from '../../lib/types';


const RESETS = [
  { value: '15', label: '15 minutes' },
  { value: '30', label: '30 minutes' },
  { value: '60', label: '1 hour' },
  { value: '120', label: '2 hours' },
  { value: '240', label: '4 hours' },
  { value: '480', label: '8 hours' },
  { value: '720', label: '12 hours' },
  { value: '1440', label: '24 hours' },
  { value: '2880', label: '2 days' },
];

export function CapacityControl() {
  const { actor } = useAuth();
  const params = useSearchParams();
  const only = params.get('service');
  const isProvider = hasRole(actor, 'provider_staff') && !hasRole(actor, 'dos_lead');
  const [q, setQ] = useState('');
  const list = useApi(only || isProvider ? null : (signal) => client.GET('/api/directory/services', { params: { query: { q: q || undefined, status: 'active', limit: 100 } }, signal }), q);
  const own = useOrganisationServices(isProvider && !only ? actor?.organisationId : null, { status: 'active' });
  const one = useApi(only ? (signal) => client.GET('/api/directory/services/{id}', { params: { path: { id: Number(only) } }, signal }) : null, only);
  const services = only ? (one.data ? [one.data.service] : null) : isProvider ? own.services : (list.data?.services ?? null);
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Capacity</h1>
      <p className="nhsuk-body">
        Red takes a service out of searches until it resets. Say why, and when it should reset; it goes back to green by itself then. The <Link to="/capacity">capacity board</Link> shows everyone's.
      </p>
      {!isProvider && !only && <TextInput label="Find a service" value={q} onValue={setQ} width={20} type="search" />}
      {!services ? (
        <Loading what="Loading your services" />
      ) : services.length === 0 ? (
        <p className="nhsuk-body">No services found.</p>
      ) : (
        services.map((s) => <ServiceCapacity key={s.id} service={s} open={services.length === 1} />)
      )}
    </>
  );
}

function ServiceCapacity({ service, open }: { service: Service; open: boolean }) {
  const ref = useReference();
  const path = { path: { id: service.id } };
  const now = useApi((signal) => client.GET('/api/capacity/services/{id}', { params: path, signal }), service.id);
  const history = useApi((signal) => client.GET('/api/capacity/services/{id}/history', { params: { ...path, query: { limit: 10 } }, signal }), service.id);
  const [status, setStatus] = useState<Rag | undefined>();
  const [reason, setReason] = useState('');
  const [reset, setReset] = useState('240');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (now.data && !status) setStatus(now.data.status);
  }, [now.data, status]);
  const save = async () => {
    setError(null);
    setSaved(null);
    try {
      if (!status) throw new Error('Choose the service’s status');
      if (status !== 'green' && !reason.trim()) throw new Error(`Say why the service is ${status}`);
      await call(client.PUT('/api/capacity/services/{id}', { params: path, body: { status, reason: reason.trim() || undefined, resetAfterMinutes: Number(reset) } }));
      setSaved(`${service.name} is now ${status}.`);
      setReason('');
      now.reload();
      history.reload();
    } catch (e) {
      setError(e);
    }
  };
  const current = now.data;
  return (
    <div className="nhsuk-card" data-testid="capacity-service" data-service-id={service.id}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m nhsuk-u-margin-bottom-2">
          {service.name} {current && <RagBadge status={current.status} label="Capacity now" />}
        </h2>
        <p className="nhsuk-body-s">
          {ref?.typeName(service.typeId)}
          {current?.record && current.status !== 'green' && ` · ${current.record.reason ?? ''} · resets ${when(current.record.resetAt)} (${relative(current.record.resetAt)}) · set by ${current.record.setByName ?? '—'}`}
        </p>
        <ErrorSummary error={error} />
        {saved && <div className="nhsuk-inset-text" role="status">{saved}</div>}
        <Details summary="Change capacity" open={open}>
          <Radios
            legend={`Capacity of ${service.name}`}
            legendSize="s"
            name={`status-${service.id}`}
            inline
            value={status}
            onValue={(v) => setStatus(v as Rag)}
            choices={[
              { value: 'green', label: 'Green', hint: 'Normal' },
              { value: 'amber', label: 'Amber', hint: 'Busy: still offered' },
              { value: 'red', label: 'Red', hint: 'Not offered in searches' },
            ]}
          />
          {status !== 'green' && <TextInput label="Reason" hint="Shown to call handlers and on the board" value={reason} onValue={setReason} />}
          <Select label="Reset to green after" value={reset} onValue={setReset} options={RESETS} />
          <Button onClick={save}>Save capacity</Button>
        </Details>
        {history.data && history.data.history.length > 0 && (
          <Details summary="Recent changes">
            <Table
              rows={history.data.history}
              rowKey={(h) => h.id}
              columns={[
                { heading: 'When', cell: (h) => when(h.setAt) },
                { heading: 'Status', cell: (h) => <RagBadge status={h.status} /> },
                { heading: 'Reason', cell: (h) => h.reason ?? (h.cause === 'expired' ? 'Reset time passed' : '—') },
                { heading: 'By', cell: (h) => h.setByName ?? '—' },
              ]}
            />
          </Details>
        )}
      </div>
    </div>
  );
}
