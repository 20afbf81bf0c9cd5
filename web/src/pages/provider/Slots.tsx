// Appointment slots for a service of the provider's own: publish a session's slots (a date, a time
// span and a slot length), see which are free and which are booked (and by which referral), and
// withdraw a free one. Referrers book them while referring.
import { useEffect, useState } from 'react';
import { Button, ErrorSummary, Loading, Select, Table, Tag, TextInput } from '../../components/nhs';
import { call, client, type Reply } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { Link, useSearchParams } from '../../lib/router';
import { useOrganisationServices } from '../../lib/services';
import { slotLabel } from '../calls/ReferPanel';

type Slot = Reply<'/api/services/{id}/slots'>['slots'][number];

const LENGTHS = ['10', '15', '20', '30', '45', '60'].map((m) => ({ value: m, label: `${m} minutes` }));

/** The slots of a session: from `from` to `until` on `date` (the browser's local time), each `minutes` long. */
export function sessionSlots(date: string, from: string, until: string, minutes: number): { start: string; end: string }[] {
  const start = new Date(`${date}T${from}`);
  const end = new Date(`${date}T${until}`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || minutes <= 0) return [];
  const out: { start: string; end: string }[] = [];
  for (let t = start.getTime(); t + minutes * 60_000 <= end.getTime() && out.length < 500; t += minutes * 60_000) {
    out.push({ start: new Date(t).toISOString(), end: new Date(t + minutes * 60_000).toISOString() });
  }
  return out;
}

const tomorrow = () => {
  const d = new Date(Date.now() + 24 * 3600_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function Slots() {
  const { actor } = useAuth();
  const params = useSearchParams();
  const own = useOrganisationServices(actor?.organisationId, { status: 'active' });
  const [serviceId, setServiceId] = useState<string>(params.get('service') ?? '');
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [date, setDate] = useState(tomorrow());
  const [from, setFrom] = useState('09:00');
  const [until, setUntil] = useState('12:00');
  const [length, setLength] = useState('15');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const service = own.services?.find((s) => String(s.id) === serviceId) ?? null;

  const load = async (id: number) => {
    try {
      setSlots((await call(client.GET('/api/services/{id}/slots', { params: { path: { id }, query: { status: 'all', from: new Date().toISOString(), limit: 500 } } }))).slots);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    setSlots(null);
    if (service) void load(service.id);
  }, [service]);
  useEffect(() => {
    if (!serviceId && own.services?.length) setServiceId(String(own.services[0].id));
  }, [own.services, serviceId]);

  const planned = sessionSlots(date, from, until, Number(length));
  const publish = async () => {
    if (!service) return;
    setError(null);
    setMessage(null);
    try {
      const r = await call(client.POST('/api/services/{id}/slots', { params: { path: { id: service.id } }, body: { slots: planned } }));
      setMessage(`${r.created.length} slot(s) published${r.skipped ? `; ${r.skipped} already published were left as they were` : ''}.`);
      await load(service.id);
    } catch (e) {
      setError(e);
    }
  };
  const withdraw = async (slot: Slot) => {
    if (!service) return;
    setError(null);
    setMessage(null);
    try {
      await call(client.DELETE('/api/services/{id}/slots/{slotId}', { params: { path: { id: service.id, slotId: slot.id } } }));
      setMessage(`The slot ${slotLabel(slot)} was withdrawn.`);
      await load(service.id);
    } catch (e) {
      setError(e);
    }
  };

  if (own.error) return <ErrorSummary error={own.error} />;
  if (!own.services) return <Loading what="Loading your services" />;
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Appointment slots</h1>
      <p className="nhsuk-body">Publish the times your service can see patients: whoever refers to you can then book one while referring.</p>
      <ErrorSummary error={error} />
      {message && (
        <div className="nhsuk-inset-text" role="status">
          {message}
        </div>
      )}
      {own.services.length === 0 ? (
        <p className="nhsuk-body">Your organisation has no active services.</p>
      ) : (
        <>
          <Select label="Service" value={serviceId} onValue={setServiceId} options={own.services.map((s) => ({ value: String(s.id), label: s.name }))} />
          <h2 className="nhsuk-heading-m">Publish a session</h2>
          <div className="sp-row">
            <TextInput label="Date" type="date" value={date} onValue={setDate} width={10} />
            <TextInput label="From" type="time" value={from} onValue={setFrom} width={5} />
            <TextInput label="Until" type="time" value={until} onValue={setUntil} width={5} />
            <Select label="Each slot" value={length} onValue={setLength} options={LENGTHS} />
          </div>
          <Button onClick={publish} disabled={!service || planned.length === 0} data-testid="publish-slots">
            {planned.length ? `Publish ${planned.length} slot${planned.length === 1 ? '' : 's'}` : 'No slots in that span'}
          </Button>
          <h2 className="nhsuk-heading-m">Coming slots{service ? ` of ${service.name}` : ''}</h2>
          {!slots ? (
            <Loading what="Loading slots" />
          ) : (
            <Table
              rows={slots}
              rowKey={(s) => s.id}
              empty="No slots published from now on."
              columns={[
                { heading: 'When', cell: (s) => slotLabel(s) },
                {
                  heading: 'Status',
                  cell: (s) =>
                    s.status === 'free' ? (
                      <Tag colour="green">Free</Tag>
                    ) : (
                      <>
                        <Tag colour="blue">Booked</Tag> {s.referralId && <Link to={`/provider/referrals/${s.referralId}`}>the referral</Link>}
                      </>
                    ),
                },
                {
                  heading: 'Action',
                  cell: (s) =>
                    s.status === 'free' ? (
                      <Button small variant="secondary" onClick={() => withdraw(s)} aria-label={`Withdraw the slot ${slotLabel(s)}`}>
                        Withdraw
                      </Button>
                    ) : (
                      'Cancel the referral to free it'
                    ),
                },
              ]}
            />
          )}
        </>
      )}
    </>
  );
}
