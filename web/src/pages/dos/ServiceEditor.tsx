// Propose a new service or changes to one: hours, coverage, eligibility, access, contacts, areas.
// Only the sections that changed are sent; each is replaced whole when a second person approves.
// Ages convert as the server converts them: one function shared with it (docs/decisions/0016).
import { ageInDays, MAX_AGE_DAYS } from '../../../../src/directory/age';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { OpeningHoursTable } from '../../components/directory';
import { BackLink, Button, Checkboxes, Details, ErrorSummary, LoadError, Loading, Panel, Radios, Select, Textarea, TextInput } from '../../components/nhs';
import { call, client, useApi } from '../../lib/api';
import { useAuth } from '../../lib/auth';
import { useReference } from '../../lib/reference';
import { Link } from '../../lib/router';
import type { OpeningTimes, Service, ServiceChange, ServiceProfile, Session, Weekday } from '../../lib/types';
import { WEEKDAYS, WEEKDAY_NAMES } from '../../lib/types';
import { effectiveDateProblem, ukToday } from '../../lib/directory-forms';
import { dateTime } from '../../lib/format';
import { EffectiveFromField, EndpointsEditor, SpecifiedDatesEditor } from './editor-parts';

type Unit = 'days' | 'months' | 'years';
const MAX_DAYS = MAX_AGE_DAYS;

function splitAge(days: number): { value: string; unit: Unit } {
  if (days >= MAX_DAYS - 1) return { value: '130', unit: 'years' };
  if (days % 365.25 === 0 || days >= 730) return { value: String(Math.round((days / 365.25) * 100) / 100), unit: 'years' };
  if (days >= 60) return { value: String(Math.round((days / 30.4375) * 10) / 10), unit: 'months' };
  return { value: String(days), unit: 'days' };
}

function emptyHours(): OpeningTimes {
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, d === 'sat' || d === 'sun' ? [] : [{ open: '09:00', close: '17:00' }]])) as Record<Weekday, Session[]>;
  return { alwaysOpen: false, weekly, bankHoliday: [], specifiedDates: [] };
}

function template(organisationId: string): ServiceProfile {
  return {
    typeId: 0,
    status: 'active',
    organisationId,
    parentId: null,
    name: '',
    publicName: '',
    description: '',
    address: { lines: [''], town: '', postcode: '' },
    contacts: {},
    access: { walkIn: false, phoneFirst: true, referralOnly: false, bookingRequired: false, instructions: '' },
    referralEndpoints: [],
    referralRoles: ['call-handler', 'clinician'],
    eligibility: { ageFromDays: 0, ageToDays: MAX_DAYS, sexes: ['female', 'male'], registeredPractices: [] },
    coverage: { dispositions: [], symptoms: [] },
    openingTimes: emptyHours(),
    areas: { commissionedFor: [], limitedTo: [], promotedInto: [] },
    verificationIntervalDays: 182,
  };
}

const EDITABLE: (keyof ServiceProfile)[] = [
  'typeId', 'status', 'name', 'publicName', 'description', 'address', 'contacts', 'access', 'referralEndpoints', 'referralRoles', 'eligibility', 'coverage', 'openingTimes', 'areas',
];

function profileOf(s: Service): ServiceProfile {
  const { id: _id, version: _v, lat: _lat, lon: _lon, areaCode: _a, nation: _n, lastVerifiedAt: _l, nextVerificationDue: _nv, createdAt: _c, updatedAt: _u, ...profile } = s;
  return structuredClone(profile);
}

/** Drops empty optional strings so the server's validation sees "absent", not "blank". */
function clean(p: ServiceProfile): ServiceProfile {
  const copy = structuredClone(p);
  if (!copy.description?.trim()) delete copy.description;
  if (!copy.access.instructions?.trim()) delete copy.access.instructions;
  for (const k of Object.keys(copy.contacts) as (keyof typeof copy.contacts)[]) if (!copy.contacts[k]?.trim()) delete copy.contacts[k];
  copy.address.lines = copy.address.lines.map((l) => l.trim()).filter(Boolean);
  if (!copy.odsCode) delete copy.odsCode;
  if (!copy.location) delete copy.location;
  return copy;
}

export function ServiceEditor({ params }: { params: Record<string, string> }) {
  const isNew = !params.id;
  const { actor } = useAuth();
  const loaded = useApi(isNew ? null : (signal) => client.GET('/api/directory/services/{id}', { params: { path: { id: Number(params.id) } }, signal }), params.id);
  const [draft, setDraft] = useState<ServiceProfile | null>(isNew ? template(actor?.organisationId ?? '') : null);
  const [original, setOriginal] = useState<ServiceProfile | null>(null);
  const [reason, setReason] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<ServiceChange | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (loaded.data && !draft) {
      const p = profileOf(loaded.data.service);
      setDraft(p);
      setOriginal(structuredClone(p));
    }
  }, [loaded.data, draft]);

  const changedSections = useMemo(() => {
    if (!draft || !original) return [];
    const a = clean(draft);
    const b = clean(original);
    return EDITABLE.filter((k) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null));
  }, [draft, original]);

  if (loaded.error) return <LoadError error={loaded.error} />;
  if (!draft) return <Loading what="Loading the service" />;
  const set = <K extends keyof ServiceProfile>(key: K, value: ServiceProfile[K]) => setDraft({ ...draft, [key]: value });

  if (done) {
    return (
      <>
        <Panel heading="Change proposed">
          A second person with approval rights must approve it before it applies{done.effectiveFrom ? `; it then applies from ${dateTime(done.effectiveFrom)}` : ''}.
          <br />
          Reference: <strong>{done.id}</strong>
        </Panel>
        <p className="nhsuk-body">
          <Link to={`/dos/approvals/${done.id}`}>See the proposal and its diff</Link>
          {params.id && (
            <>
              {' · '}
              <Link to={`/dos/services/${params.id}`}>Back to the service</Link>
            </>
          )}
        </p>
      </>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!reason.trim()) {
      setError(new Error('Say why you propose this change'));
      return;
    }
    const dateProblem = effectiveDateProblem(effectiveFrom, ukToday());
    if (dateProblem) {
      setError(new Error(dateProblem));
      return;
    }
    setBusy(true);
    try {
      const cleaned = clean(draft);
      if (isNew) {
        const r = await call(client.POST('/api/directory/services', { body: { reason, service: cleaned } }));
        setDone(r.change);
      } else {
        if (changedSections.length === 0) throw new Error('Nothing has changed yet');
        const changes = Object.fromEntries(changedSections.map((k) => [k, cleaned[k] ?? null]));
        const r = await call(client.PATCH('/api/directory/services/{id}', { params: { path: { id: Number(params.id) } }, body: { reason, changes, ...(effectiveFrom ? { effectiveFrom } : {}) } }));
        setDone(r.change);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <BackLink to={isNew ? '/dos/services' : `/dos/services/${params.id}`} />
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        {isNew ? 'Propose a new service' : <><span className="nhsuk-caption-l">Propose changes to</span>{loaded.data?.service.name}</>}
      </h1>
      <form onSubmit={submit} noValidate>
        <BasicsSection draft={draft} set={set} isNew={isNew} />
        <HoursEditor hours={draft.openingTimes} onChange={(h) => set('openingTimes', h)} />
        <AccessSection draft={draft} set={set} />
        <EndpointsEditor endpoints={draft.referralEndpoints} onChange={(e) => set('referralEndpoints', e)} />
        <EligibilitySection draft={draft} set={set} />
        <CoverageEditor draft={draft} set={set} />
        <AreasSection draft={draft} set={set} />
        <h2 className="nhsuk-heading-m">Send for approval</h2>
        {!isNew && (
          <p className="nhsuk-body" role="status">
            {changedSections.length ? `Sections changed: ${changedSections.join(', ')}` : 'No sections changed yet.'}
          </p>
        )}
        {!isNew && <EffectiveFromField value={effectiveFrom} onValue={setEffectiveFrom} />}
        <Textarea id="reason" label="Why is this change needed?" hint="The approver and the service's history will show this." value={reason} onValue={setReason} />
        <Button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Propose change'}
        </Button>
      </form>
    </>
  );
}

type SectionProps = { draft: ServiceProfile; set: <K extends keyof ServiceProfile>(key: K, value: ServiceProfile[K]) => void };

function BasicsSection({ draft, set, isNew }: SectionProps & { isNew: boolean }) {
  const ref = useReference();
  return (
    <Details summary="Name, type, status, address and contacts" open={isNew}>
      <Select
        label="Service type"
        value={String(draft.typeId || '')}
        onValue={(v) => set('typeId', Number(v))}
        options={[{ value: '', label: 'Choose a type' }, ...(ref?.serviceTypes ?? []).map((t) => ({ value: String(t.id), label: t.name }))]}
      />
      {isNew && <TextInput label="Organisation code" value={draft.organisationId} onValue={(v) => set('organisationId', v)} width={20} />}
      <TextInput label="Name (for professionals)" value={draft.name} onValue={(v) => set('name', v)} />
      <TextInput label="Public name" value={draft.publicName} onValue={(v) => set('publicName', v)} />
      <Textarea label="Description" value={draft.description ?? ''} onValue={(v) => set('description', v)} />
      <Radios
        legend="Status"
        legendSize="s"
        name="status"
        inline
        small
        value={draft.status}
        onValue={(v) => set('status', v as ServiceProfile['status'])}
        choices={[
          { value: 'active', label: 'Active' },
          { value: 'commissioning', label: 'Commissioning' },
          { value: 'closed', label: 'Closed' },
        ]}
      />
      <TextInput label="Address (first line)" value={draft.address.lines[0] ?? ''} onValue={(v) => set('address', { ...draft.address, lines: [v, ...draft.address.lines.slice(1)] })} />
      <TextInput label="Address (second line, optional)" value={draft.address.lines[1] ?? ''} onValue={(v) => set('address', { ...draft.address, lines: [draft.address.lines[0] ?? '', v] })} />
      <TextInput label="Town" value={draft.address.town} onValue={(v) => set('address', { ...draft.address, town: v })} width={20} />
      <TextInput label="Postcode" value={draft.address.postcode} onValue={(v) => set('address', { ...draft.address, postcode: v.toUpperCase() })} width={10} />
      <TextInput label="Public phone" type="tel" value={draft.contacts.publicPhone ?? ''} onValue={(v) => set('contacts', { ...draft.contacts, publicPhone: v })} width={20} />
      <TextInput label="Professional phone (not shown to patients)" type="tel" value={draft.contacts.professionalPhone ?? ''} onValue={(v) => set('contacts', { ...draft.contacts, professionalPhone: v })} width={20} />
      <TextInput label="Website" type="url" value={draft.contacts.web ?? ''} onValue={(v) => set('contacts', { ...draft.contacts, web: v })} />
    </Details>
  );
}

export function HoursEditor({ hours, onChange }: { hours: OpeningTimes; onChange: (h: OpeningTimes) => void }) {
  const setDay = (day: Weekday, sessions: Session[]) => onChange({ ...hours, weekly: { ...hours.weekly, [day]: sessions } });
  const bankMode = hours.bankHoliday === null ? 'weekday' : hours.bankHoliday.length === 0 ? 'closed' : 'hours';
  return (
    <Details summary="Opening times" open>
      <div data-testid="hours-editor">
        <Checkboxes
          legend="Open all the time"
          legendSize="s"
          name="alwaysOpen"
          small
          values={hours.alwaysOpen ? ['yes'] : []}
          onValues={(v) => onChange({ ...hours, alwaysOpen: v.includes('yes') })}
          choices={[{ value: 'yes', label: 'Open 24 hours a day, 7 days a week' }]}
        />
        {!hours.alwaysOpen &&
          WEEKDAYS.map((day) => <SessionsEditor key={day} label={WEEKDAY_NAMES[day]} sessions={hours.weekly[day]} onChange={(s) => setDay(day, s)} />)}
        <Radios
          legend="Bank holidays"
          legendSize="s"
          name="bankHoliday"
          small
          value={bankMode}
          onValue={(v) => onChange({ ...hours, bankHoliday: v === 'weekday' ? null : v === 'closed' ? [] : [{ open: '10:00', close: '16:00' }] })}
          choices={[
            { value: 'weekday', label: 'Open as on that weekday' },
            { value: 'closed', label: 'Closed' },
            { value: 'hours', label: 'Special hours' },
          ]}
        />
        {bankMode === 'hours' && <SessionsEditor label="Bank holiday hours" sessions={hours.bankHoliday ?? []} onChange={(s) => onChange({ ...hours, bankHoliday: s })} />}
        <SpecifiedDatesEditor dates={hours.specifiedDates} onChange={(specifiedDates) => onChange({ ...hours, specifiedDates })} />
        <Details summary="Preview">
          <OpeningHoursTable hours={hours} caption="Opening times as proposed" />
        </Details>
      </div>
    </Details>
  );
}

function SessionsEditor({ label, sessions, onChange }: { label: string; sessions: Session[]; onChange: (s: Session[]) => void }) {
  return (
    <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-3">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{label}</legend>
      {sessions.length === 0 && <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">Closed</p>}
      {sessions.map((s, i) => (
        <div className="sp-row" key={i}>
          <TextInput label={`${label} session ${i + 1} opens`} type="time" value={s.open} onValue={(v) => onChange(sessions.map((x, j) => (j === i ? { ...x, open: v } : x)))} width={5} />
          <TextInput
            label={`closes`}
            aria-label={`${label} session ${i + 1} closes`}
            type="text"
            inputMode="numeric"
            pattern="[0-2][0-9]:[0-5][0-9]"
            value={s.close}
            onValue={(v) => onChange(sessions.map((x, j) => (j === i ? { ...x, close: v } : x)))}
            width={5}
            hint="HH:MM, 24:00 for midnight"
          />
          <Button variant="secondary" small onClick={() => onChange(sessions.filter((_, j) => j !== i))} aria-label={`Remove ${label} session ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button variant="secondary" small onClick={() => onChange([...sessions, { open: '09:00', close: '17:00' }])} aria-label={`Add a session on ${label}`}>
        Add session
      </Button>
    </fieldset>
  );
}

function AccessSection({ draft, set }: SectionProps) {
  const a = draft.access;
  const values = (['walkIn', 'phoneFirst', 'referralOnly', 'bookingRequired'] as const).filter((k) => a[k]);
  return (
    <Details summary="How patients get in (access)">
      <Checkboxes
        legend="Access"
        legendSize="s"
        name="access"
        small
        values={values}
        onValues={(v) => set('access', { ...a, walkIn: v.includes('walkIn'), phoneFirst: v.includes('phoneFirst'), referralOnly: v.includes('referralOnly'), bookingRequired: v.includes('bookingRequired') })}
        choices={[
          { value: 'walkIn', label: 'Walk in' },
          { value: 'phoneFirst', label: 'Phone first' },
          { value: 'referralOnly', label: 'By referral only' },
          { value: 'bookingRequired', label: 'Booking required' },
        ]}
      />
      <Textarea label="Instructions for patients and referrers" value={a.instructions ?? ''} onValue={(v) => set('access', { ...a, instructions: v })} />
      <Checkboxes
        legend="Who may refer"
        legendSize="s"
        name="referralRoles"
        small
        values={draft.referralRoles}
        onValues={(v) => set('referralRoles', v as ServiceProfile['referralRoles'])}
        choices={[
          { value: 'call-handler', label: 'Call handlers' },
          { value: 'clinician', label: 'Clinicians' },
          { value: 'provider', label: 'Other providers' },
          { value: 'patient', label: 'Patients themselves (online)' },
        ]}
      />
    </Details>
  );
}

function AgeField({ label, days, onDays }: { label: string; days: number; onDays: (d: number) => void }) {
  const [{ value, unit }, setLocal] = useState(() => splitAge(days));
  const update = (v: string, u: Unit) => {
    setLocal({ value: v, unit: u });
    const n = Number(v);
    // The server's one conversion: "18 years" is stored as the days an 18-year-old is searched with.
    if (v !== '' && Number.isFinite(n) && n >= 0) onDays(Math.min(MAX_DAYS, ageInDays(n, u)));
  };
  return (
    <div className="sp-row">
      <TextInput label={label} inputMode="decimal" value={value} onValue={(v) => update(v, unit)} width={4} />
      <Select label={`${label}: unit`} value={unit} onValue={(u) => update(value, u as Unit)} options={[{ value: 'days', label: 'days' }, { value: 'months', label: 'months' }, { value: 'years', label: 'years' }]} />
    </div>
  );
}

function EligibilitySection({ draft, set }: SectionProps) {
  const e = draft.eligibility;
  return (
    <Details summary="Eligibility (age, sex, registered practice)">
      <AgeField label="Youngest age accepted" days={e.ageFromDays} onDays={(d) => set('eligibility', { ...e, ageFromDays: d })} />
      <AgeField label="Oldest age accepted" days={e.ageToDays} onDays={(d) => set('eligibility', { ...e, ageToDays: d })} />
      <Checkboxes
        legend="Sexes accepted"
        legendSize="s"
        name="sexes"
        small
        values={e.sexes}
        onValues={(v) => set('eligibility', { ...e, sexes: v as ('female' | 'male')[] })}
        choices={[
          { value: 'female', label: 'Female' },
          { value: 'male', label: 'Male' },
        ]}
      />
      <TextInput
        label="Only patients registered with these GP practices (ODS codes, comma-separated)"
        hint="Leave empty for anyone"
        value={e.registeredPractices.join(', ')}
        onValue={(v) => set('eligibility', { ...e, registeredPractices: v.split(/[,\s]+/).map((x) => x.trim().toUpperCase()).filter(Boolean) })}
      />
    </Details>
  );
}

function CoverageEditor({ draft, set }: SectionProps) {
  const ref = useReference();
  const c = draft.coverage;
  const [filter, setFilter] = useState('');
  const [sg, setSg] = useState('');
  const [sd, setSd] = useState('');
  const dispositions = (ref?.dispositions ?? []).filter((d) => c.dispositions.includes(d.code) || !filter || `${d.code} ${d.title}`.toLowerCase().includes(filter.toLowerCase()));
  return (
    <Details summary="Clinical coverage (dispositions, symptom groups and discriminators)">
      <TextInput label="Find dispositions" hint="Type a code or words; ticked ones stay listed" value={filter} onValue={setFilter} width={20} />
      <div style={{ maxHeight: 320, overflowY: 'auto' }} tabIndex={-1}>
        <Checkboxes
          legend="Dispositions accepted"
          legendSize="s"
          name="dispositions"
          small
          values={c.dispositions}
          onValues={(v) => set('coverage', { ...c, dispositions: v })}
          choices={dispositions.map((d) => ({ value: d.code, label: `${d.code} — ${d.title}` }))}
        />
      </div>
      <h3 className="nhsuk-heading-s">Symptom group and discriminator pairs ({c.symptoms.length})</h3>
      <ul className="nhsuk-list">
        {c.symptoms.map((p, i) => (
          <li key={`${p.sg}/${p.sd}`} className="sp-row">
            <span>
              SG {p.sg} {ref?.sgTitle(p.sg)} / SD {p.sd} {ref?.sdTitle(p.sd)}
            </span>
            <button type="button" className="sp-link-button" onClick={() => set('coverage', { ...c, symptoms: c.symptoms.filter((_, j) => j !== i) })} aria-label={`Remove SG ${p.sg} / SD ${p.sd}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="sp-row">
        <Select label="Symptom group" value={sg} onValue={setSg} options={[{ value: '', label: 'Choose' }, ...(ref?.symptomGroups ?? []).map((g) => ({ value: String(g.code), label: `${g.code} ${g.title}` }))]} />
        <Select label="Discriminator" value={sd} onValue={setSd} options={[{ value: '', label: 'Choose' }, ...(ref?.discriminators ?? []).map((d) => ({ value: d.code, label: `${d.code} ${d.title}` }))]} />
        <Button
          variant="secondary"
          small
          disabled={!sg || !sd}
          onClick={() => {
            if (c.symptoms.some((p) => p.sg === Number(sg) && p.sd === sd)) return;
            set('coverage', { ...c, symptoms: [...c.symptoms, { sg: Number(sg), sd }] });
          }}
        >
          Add pair
        </Button>
      </div>
    </Details>
  );
}

function AreasSection({ draft, set }: SectionProps) {
  const ref = useReference();
  const areas = draft.areas;
  const local = (ref?.areas ?? []).filter((a) => a.region === 'East Kent' || areas.commissionedFor.includes(a.code) || areas.limitedTo.includes(a.code));
  const choices = local.map((a) => ({ value: a.code, label: a.name }));
  return (
    <Details summary="Areas (commissioned for, limited to)">
      <Checkboxes legend="Commissioned for" legendSize="s" name="commissionedFor" small values={areas.commissionedFor} onValues={(v) => set('areas', { ...areas, commissionedFor: v })} choices={choices} />
      <Checkboxes legend="Only offered to patients in" hint="None ticked: no limit" legendSize="s" name="limitedTo" small values={areas.limitedTo} onValues={(v) => set('areas', { ...areas, limitedTo: v })} choices={choices} />
    </Details>
  );
}
