// A scenario's changes as forms (never raw JSON): one small form per kind of change, and each change
// described in words for lists.
import { Button, Checkboxes, Select, TextInput } from '../../components/nhs';
import type { Reply, RequestBody } from '../../lib/api';

export type Change = NonNullable<RequestBody<'/api/modelling/scenarios'>['changes']>[number];
export type Baseline = Reply<'/api/modelling/baseline'>;
type Kind = Change['kind'];

const DAYS = [
  { value: 'mon', label: 'Mon' },
  { value: 'tue', label: 'Tue' },
  { value: 'wed', label: 'Wed' },
  { value: 'thu', label: 'Thu' },
  { value: 'fri', label: 'Fri' },
  { value: 'sat', label: 'Sat' },
  { value: 'sun', label: 'Sun' },
];
const HOURS = Array.from({ length: 25 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00` }));

export const KINDS: { value: Kind; label: string }[] = [
  { value: 'demand-surge', label: 'A demand surge (e.g. flu +30% for 3 weeks)' },
  { value: 'staffing', label: 'Staffing: call handlers or clinicians' },
  { value: 'service-hours', label: 'A service’s opening hours' },
  { value: 'service-capacity', label: 'A service’s capacity' },
  { value: 'new-service', label: 'A new service' },
  { value: 'ooh-behind-111', label: '111 in front of the out-of-hours service' },
  { value: 'payment-model', label: 'How an organisation is paid' },
];

const PAYMENTS = [
  { value: 'activity', label: 'By activity (tariff)' },
  { value: 'block', label: 'Block contract' },
  { value: 'capitation', label: 'Capitation' },
  { value: 'risk-pool', label: 'Shared risk pool' },
];
type Payment = Extract<Change, { kind: 'payment-model' }>['payment'];
function paymentOf(kind: string, amount: number): Payment {
  if (kind === 'block') return { kind, annualAmount: amount };
  if (kind === 'capitation') return { kind, perHeadPerYear: amount };
  if (kind === 'risk-pool') return { kind, weight: 1 };
  return { kind: 'activity' };
}

/** A new change of a kind, with sensible first values. */
export function newChange(kind: Kind, baseline: Baseline): Change {
  const firstService = baseline.serviceList[0]?.id ?? '';
  switch (kind) {
    case 'demand-surge':
      return { kind, percent: 30, startDay: 0, days: 21 };
    case 'staffing':
      return { kind, staff: 'call-handlers', scale: 1.1, add: 0 };
    case 'service-hours':
      return { kind, serviceId: baseline.oohServiceIds[0] ?? firstService, open: true, days: ['sat', 'sun'], fromHour: 8, toHour: 20 };
    case 'service-capacity':
      return { kind, serviceId: baseline.oohServiceIds[0] ?? firstService, scale: 1.5 };
    case 'new-service':
      return { kind, serviceId: 'new-service', name: 'New service', organisationId: baseline.organisationList[0]?.id ?? '', areas: baseline.areaNames.map((a) => a.code), groups: ['contact-primary-care'], capacityPerHour: 4, first: false, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], fromHour: 8, toHour: 20 };
    case 'ooh-behind-111':
      return { kind, directCallsPerHour: 2 };
    case 'payment-model':
      return { kind, organisationId: baseline.organisationList.find((o) => baseline.oohServiceIds.some((id) => baseline.serviceList.find((s) => s.id === id)?.organisationId === o.id))?.id ?? baseline.organisationList[0]?.id ?? '', payment: { kind: 'block', annualAmount: 5_000_000 } };
  }
}

const hours = (c: { days?: string[]; fromHour?: number; toHour?: number }) =>
  `${c.days && c.days.length < 7 ? c.days.join(', ') : 'every day'} ${String(c.fromHour ?? 0).padStart(2, '0')}:00–${String(c.toHour ?? 24).padStart(2, '0')}:00`;

export function describeChange(c: Change, names: Record<string, string> = {}): string {
  const name = (id: string) => names[id] ?? `service ${id}`;
  switch (c.kind) {
    case 'demand-surge':
      return `Demand ${c.percent >= 0 ? '+' : ''}${c.percent}% from day ${c.startDay} for ${c.days} days${c.areas?.length ? ` in ${c.areas.join(', ')}` : ''}`;
    case 'staffing':
      return `${c.staff === 'call-handlers' ? 'Call handlers' : 'Clinicians'} ×${c.scale ?? 1}${c.add ? ` ${c.add > 0 ? '+' : ''}${c.add}` : ''} per half hour, ${hours(c)}`;
    case 'service-hours':
      return `${name(c.serviceId)} ${c.open ? 'open' : 'closed'} ${hours(c)}`;
    case 'service-capacity':
      return `${name(c.serviceId)} capacity ${c.capacityPerHour !== undefined ? `${c.capacityPerHour} an hour` : `×${c.scale}`}`;
    case 'new-service':
      return `New service “${c.name}” (${c.capacityPerHour} an hour, ${hours(c)})`;
    case 'ooh-behind-111':
      return `111 in front of out-of-hours: ${c.directCallsPerHour} direct calls an hour move to 111`;
    case 'payment-model':
      return `${c.organisationId} paid ${PAYMENTS.find((p) => p.value === c.payment.kind)?.label.toLowerCase()}${c.payment.kind === 'block' ? ` of £${c.payment.annualAmount.toLocaleString('en-GB')} a year` : c.payment.kind === 'capitation' ? ` at £${c.payment.perHeadPerYear} a head a year` : ''}`;
  }
}

/** The form of one change. `errorOf(field)` gives the server's message for a field of this change. */
export function ChangeForm({ change, onChange, onRemove, baseline, errorOf }: { change: Change; onChange: (c: Change) => void; onRemove: () => void; baseline: Baseline; errorOf: (field: string) => string | undefined }) {
  const services = baseline.serviceList.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` }));
  const number = (value: string) => (value.trim() === '' ? NaN : Number(value));
  const set = (patch: Record<string, unknown>) => onChange({ ...change, ...patch } as Change);
  const when = (c: { days?: string[]; fromHour?: number; toHour?: number }) => (
    <div className="sp-row">
      <Checkboxes legend="Days" legendSize="s" name="days" small values={c.days ?? DAYS.map((d) => d.value)} onValues={(days) => set({ days })} choices={DAYS} error={errorOf('days')} />
      <Select label="From" options={HOURS.slice(0, 24)} value={String(c.fromHour ?? 0)} onValue={(v) => set({ fromHour: Number(v) })} error={errorOf('fromHour')} />
      <Select label="Until" options={HOURS.slice(1)} value={String(c.toHour ?? 24)} onValue={(v) => set({ toHour: Number(v) })} error={errorOf('toHour')} />
    </div>
  );
  const areaChoices = baseline.areaNames.map((a) => ({ value: a.code, label: a.name }));
  return (
    <fieldset className="nhsuk-fieldset sp-change nhsuk-u-margin-bottom-4" data-testid={`change-${change.kind}`}>
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{KINDS.find((k) => k.value === change.kind)?.label}</legend>
      {change.kind === 'demand-surge' && (
        <>
          <div className="sp-row">
            <TextInput label="Change in demand (%)" width={4} inputMode="decimal" value={String(change.percent)} onValue={(v) => set({ percent: number(v) })} error={errorOf('percent')} />
            <TextInput label="From day" hint="0 is the first day (a Monday)" width={4} inputMode="numeric" value={String(change.startDay)} onValue={(v) => set({ startDay: number(v) })} error={errorOf('startDay')} />
            <TextInput label="For how many days" width={4} inputMode="numeric" value={String(change.days)} onValue={(v) => set({ days: number(v) })} error={errorOf('days')} />
          </div>
          <Checkboxes legend="Areas" legendSize="s" hint="None ticked: every area" name="areas" small values={change.areas ?? []} onValues={(areas) => set({ areas: areas.length ? areas : undefined })} choices={areaChoices} error={errorOf('areas')} />
        </>
      )}
      {change.kind === 'staffing' && (
        <>
          <div className="sp-row">
            <Select label="Who" options={[{ value: 'call-handlers', label: 'Call handlers' }, { value: 'clinicians', label: 'Clinicians' }]} value={change.staff} onValue={(v) => set({ staff: v })} />
            <TextInput label="Multiply the rota by" hint="1.1 is 10% more" width={4} inputMode="decimal" value={String(change.scale ?? 1)} onValue={(v) => set({ scale: number(v) })} error={errorOf('scale')} />
            <TextInput label="Then add per half hour" hint="negative removes" width={4} inputMode="numeric" value={String(change.add ?? 0)} onValue={(v) => set({ add: number(v) })} error={errorOf('add')} />
          </div>
          {when(change)}
        </>
      )}
      {change.kind === 'service-hours' && (
        <>
          <Select label="Service" options={services} value={change.serviceId} onValue={(v) => set({ serviceId: v })} error={errorOf('serviceId')} />
          <Select label="Make it" options={[{ value: 'open', label: 'Open' }, { value: 'closed', label: 'Closed' }]} value={change.open ? 'open' : 'closed'} onValue={(v) => set({ open: v === 'open' })} />
          {when(change)}
        </>
      )}
      {change.kind === 'service-capacity' && (
        <>
          <Select label="Service" options={services} value={change.serviceId} onValue={(v) => set({ serviceId: v })} error={errorOf('serviceId')} />
          <div className="sp-row">
            <Select
              label="Change it by"
              options={[{ value: 'scale', label: 'A multiple of today’s' }, { value: 'set', label: 'A new figure an hour' }]}
              value={change.capacityPerHour !== undefined ? 'set' : 'scale'}
              onValue={(v) => set(v === 'set' ? { capacityPerHour: baseline.serviceList.find((s) => s.id === change.serviceId)?.capacityPerHour ?? 1, scale: undefined } : { scale: 1.5, capacityPerHour: undefined })}
            />
            {change.capacityPerHour !== undefined ? (
              <TextInput label="Referrals an hour" width={4} inputMode="decimal" value={String(change.capacityPerHour)} onValue={(v) => set({ capacityPerHour: number(v) })} error={errorOf('capacityPerHour')} />
            ) : (
              <TextInput label="Multiply by" width={4} inputMode="decimal" value={String(change.scale ?? '')} onValue={(v) => set({ scale: number(v) })} error={errorOf('scale')} />
            )}
          </div>
        </>
      )}
      {change.kind === 'new-service' && (
        <>
          <div className="sp-row">
            <TextInput label="Name" value={change.name} onValue={(v) => set({ name: v })} error={errorOf('name')} />
            <TextInput label="Id in the scenario" hint="starts new-" value={change.serviceId} onValue={(v) => set({ serviceId: v })} error={errorOf('serviceId')} />
          </div>
          <Select label="Organisation" options={baseline.allOrganisations.map((o) => ({ value: o.id, label: o.name }))} value={change.organisationId} onValue={(v) => set({ organisationId: v })} error={errorOf('organisationId')} />
          <Checkboxes legend="Areas it serves" legendSize="s" name="new-areas" small values={change.areas} onValues={(areas) => set({ areas })} choices={areaChoices} error={errorOf('areas')} />
          <Checkboxes
            legend="Outcomes it receives"
            legendSize="s"
            name="groups"
            small
            values={change.groups}
            onValues={(groups) => set({ groups })}
            choices={baseline.dispositionGroups.filter((g) => g.route === 'service').map((g) => ({ value: g.id, label: g.id.replace(/-/g, ' ') }))}
            error={errorOf('groups')}
          />
          <TextInput label="Referrals it can take an hour" width={4} inputMode="decimal" value={String(change.capacityPerHour)} onValue={(v) => set({ capacityPerHour: number(v) })} error={errorOf('capacityPerHour')} />
          {when(change)}
        </>
      )}
      {change.kind === 'ooh-behind-111' && (
        <TextInput
          label="Calls each out-of-hours service received directly, per hour open"
          hint={`They now ring 111 instead, and the consultations kept for them are offered to 111's referrals (${baseline.oohServiceIds.length} out-of-hours services).`}
          width={4}
          inputMode="decimal"
          value={String(change.directCallsPerHour)}
          onValue={(v) => set({ directCallsPerHour: number(v) })}
          error={errorOf('directCallsPerHour')}
        />
      )}
      {change.kind === 'payment-model' && (
        <>
          <Select label="Organisation" options={baseline.allOrganisations.map((o) => ({ value: o.id, label: o.name }))} value={change.organisationId} onValue={(v) => set({ organisationId: v })} error={errorOf('organisationId')} />
          <div className="sp-row">
            <Select label="Paid by" options={PAYMENTS} value={change.payment.kind} onValue={(v) => set({ payment: paymentOf(v, v === 'capitation' ? 20 : 5_000_000) })} error={errorOf('payment')} />
            {change.payment.kind === 'block' && (
              <TextInput label="A year (£)" width={10} inputMode="decimal" value={String(change.payment.annualAmount)} onValue={(v) => set({ payment: { kind: 'block', annualAmount: number(v) } })} error={errorOf('payment')} />
            )}
            {change.payment.kind === 'capitation' && (
              <TextInput label="A head a year (£)" width={5} inputMode="decimal" value={String(change.payment.perHeadPerYear)} onValue={(v) => set({ payment: { kind: 'capitation', perHeadPerYear: number(v) } })} error={errorOf('payment')} />
            )}
          </div>
        </>
      )}
      <Button variant="secondary" small onClick={onRemove}>
        Remove this change
      </Button>
    </fieldset>
  );
}
