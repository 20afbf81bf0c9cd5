// Find a service by what the patient needs, and refer (issue 16, the ten-minute test). A GP, an
// out-of-hours clinician or a community team describes the needs in words ("cannot inject insulin",
// "lives alone"), where the patient is and when help is needed; services come back grouped by how
// fully each (or two together) covers the needs. On "Refer" the patient's details go with the needs
// and a note, and the service sees the referral in its inbox. A Refer button shows only where the
// service takes referrals from the user (the server says so for each result).
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Card, ErrorSummary, Panel, Radios, Tag, Textarea, TextInput } from '../../components/nhs';
import { call, client, type Reply, type RequestBody } from '../../lib/api';
import { hasRole, useAuth } from '../../lib/auth';
import { ageOf } from '../../lib/cases';
import { isValidNhsNumber, SEX_CHOICES } from '../../lib/format';

type NeedsReply = Reply<'/api/directory/needs-search', 'post'>;
type Found = NeedsReply['complete'][number];
type ReferBody = RequestBody<'/api/referrals/by-need'>;
type Sex = ReferBody['patient']['sex'];
type Sent = Reply<'/api/referrals/by-need', 'post'>;

const WHEN: { value: 'now' | 'today' | 'tomorrow-morning'; label: string }[] = [
  { value: 'now', label: 'Now (within 2 hours)' },
  { value: 'today', label: 'Later today' },
  { value: 'tomorrow-morning', label: 'Tomorrow morning' },
];

/** "cannot inject insulin, cannot dress" or one per line → the needs. */
export function needsOf(text: string): string[] {
  return text
    .split(/[,;\n]+/)
    .map((n) => n.trim())
    .filter(Boolean);
}

const time = (iso: string) => new Date(iso).toLocaleString('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

function openLine(s: Found): string {
  if (s.openNow) return s.closesAt ? `Open now until ${time(s.closesAt)}` : 'Open now';
  return s.opensAt ? `Starts ${time(s.opensAt)}` : 'Not open in the time asked';
}

function howToRefer(s: Found): string {
  const ways = s.referralEndpoints.map((e) => (e.kind === 'phone' ? `phone ${e.address}` : e.kind === 'email' ? `e-mail ${e.address}` : `${e.kind.toUpperCase()} ${e.address}`));
  return ['electronic referral through Signpost', ...ways].join('; ');
}

export function FindService({ mode }: { mode: 'find' | 'refer' }) {
  const { actor } = useAuth();
  const mayReferByNeed = hasRole(actor, 'clinician', 'provider_staff');
  const [f, setF] = useState({ nhsNumber: '', firstName: '', lastName: '', dateOfBirth: '', sex: 'unknown' as Sex, postcode: '', registeredPractice: '', age: '', needs: '', when: 'now' as (typeof WHEN)[number]['value'], note: '' });
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const [found, setFound] = useState<NeedsReply | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [patientAsked, setPatientAsked] = useState<Found | null>(null);
  const [sent, setSent] = useState<{ to: string; reply: Sent } | null>(null);
  // One key per service per filled-in form: a double click or a retry never sends twice.
  const keys = useRef(new Map<string, string>());
  const askPatient = mode === 'refer' || patientAsked !== null;
  const nhsDigits = f.nhsNumber.replace(/\s+/g, '');

  const search = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const age = /^\d{4}-\d{2}-\d{2}$/.test(f.dateOfBirth) ? ageOf(f.dateOfBirth).years : f.age.trim() ? Number(f.age) : undefined;
      const body: RequestBody<'/api/directory/needs-search'> = {
        needs: needsOf(f.needs),
        postcode: f.postcode.trim().toUpperCase(),
        when: f.when,
        // A few of each group: enough to choose from between appointments.
        limit: 5,
        ...(age !== undefined && Number.isFinite(age) ? { age } : {}),
        ...(f.registeredPractice.trim() ? { registeredPractice: f.registeredPractice.trim().toUpperCase() } : {}),
      };
      setFound(await call(client.POST('/api/directory/needs-search', { body })));
    } catch (err) {
      setFound(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const refer = async (s: Found) => {
    if (!askPatient || !f.firstName.trim() || !f.lastName.trim() || !f.dateOfBirth) {
      setPatientAsked(s);
      setError(new Error('Enter the patient’s name and date of birth, then refer again'));
      return;
    }
    if (nhsDigits && !isValidNhsNumber(nhsDigits)) {
      setError(new Error('The NHS number is not valid: check each digit'));
      return;
    }
    setBusy(true);
    setError(null);
    const body: ReferBody = {
      patient: {
        ...(nhsDigits ? { nhsNumber: nhsDigits } : {}),
        firstName: f.firstName.trim(),
        lastName: f.lastName.trim(),
        dateOfBirth: f.dateOfBirth,
        sex: f.sex,
        ...(f.postcode.trim() ? { postcode: f.postcode.trim().toUpperCase() } : {}),
        ...(f.registeredPractice.trim() ? { registeredPractice: f.registeredPractice.trim().toUpperCase() } : {}),
      },
      needs: needsOf(f.needs),
      when: f.when,
      serviceId: s.serviceId,
      ...(f.note.trim() ? { note: f.note.trim() } : {}),
    };
    const keyOf = `${s.serviceId}:${JSON.stringify(body)}`;
    if (!keys.current.has(keyOf)) keys.current.set(keyOf, crypto.randomUUID());
    try {
      const reply = await call(client.POST('/api/referrals/by-need', { body, headers: { 'Idempotency-Key': keys.current.get(keyOf)! } }));
      setSent({ to: s.name, reply });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const referButton = (s: Found): ReactNode =>
    mayReferByNeed && s.youMayRefer ? (
      <Button small disabled={busy} onClick={() => void refer(s)}>
        Refer to {s.name}
      </Button>
    ) : (
      <p className="nhsuk-body-s">You cannot refer here: {s.referNote ?? 'not a referrer'}.</p>
    );

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary error={error} />
        <h1 className="nhsuk-heading-l" tabIndex={-1}>{mode === 'refer' ? 'Refer a patient' : 'Find a service'}</h1>
        {sent ? (
          <Panel heading="Referral sent">
            <p data-testid="referral-sent">
              Sent to {sent.to}. They will see it in their referral inbox now and accept or reject it. Referral {sent.reply.referral.id}.
            </p>
          </Panel>
        ) : null}
        <form onSubmit={search} noValidate>
          {askPatient && (
            <>
              <h2 className="nhsuk-heading-m">Patient</h2>
              <TextInput id="nhs-number" label="NHS number (if known)" inputMode="numeric" width={10} value={f.nhsNumber} onValue={set('nhsNumber')} />
              <TextInput id="first-name" label="First name" value={f.firstName} onValue={set('firstName')} autoComplete="off" />
              <TextInput id="last-name" label="Last name" value={f.lastName} onValue={set('lastName')} autoComplete="off" />
              <TextInput id="dob" label="Date of birth" type="date" value={f.dateOfBirth} onValue={set('dateOfBirth')} max={new Date().toISOString().slice(0, 10)} />
              <Radios
                legend="Sex"
                legendSize="s"
                name="sex"
                inline
                small
                value={f.sex}
                onValue={(sex) => setF({ ...f, sex })}
                choices={[...SEX_CHOICES]}
              />
            </>
          )}
          <TextInput id="postcode" label={askPatient ? 'Home postcode' : 'Patient’s postcode'} width={10} value={f.postcode} onValue={set('postcode')} autoComplete="off" />
          {!askPatient && <TextInput id="age" label="Age in years (if known)" inputMode="numeric" width={3} value={f.age} onValue={set('age')} />}
          <TextInput id="practice" label="Registered GP practice code (ODS), if known" width={10} value={f.registeredPractice} onValue={set('registeredPractice')} />
          <h2 className="nhsuk-heading-m">What the patient needs</h2>
          <Textarea
            id="needs"
            label="Needs, in your own words"
            hint="Separate them with commas or new lines, e.g. cannot inject insulin, cannot dress, cannot cook, lives alone"
            value={f.needs}
            onValue={set('needs')}
          />
          <Radios legend="When is help needed?" legendSize="s" name="when" inline small value={f.when} onValue={(when) => setF({ ...f, when })} choices={WHEN} />
          {askPatient && <Textarea id="note" label="Note for the service (optional)" hint="Anything they need to know beyond the needs" value={f.note} onValue={set('note')} />}
          <Button type="submit" disabled={busy}>
            {busy ? 'Searching…' : 'Find services'}
          </Button>
        </form>
        {found && <Results found={found} referButton={referButton} />}
        {patientAsked && mode === 'find' && !sent && <p className="nhsuk-body">To refer to {patientAsked.name}, fill in the patient above, then press its Refer button again.</p>}
      </div>
    </div>
  );
}

function Results({ found, referButton }: { found: NeedsReply; referButton: (s: Found) => ReactNode }) {
  const total = found.needs.length;
  const empty = !found.complete.length && !found.pairs.length && !found.partial.length;
  return (
    <section aria-label="Services found" data-testid="needs-results">
      <h2 className="nhsuk-heading-m">Services for these needs</h2>
      <p className="nhsuk-body-s">
        Read as: {found.needs.map((n) => `“${n.need}” → ${n.capability.name}`).join('; ')}. Help needed {found.window.label}; within {found.distanceKm} km.
      </p>
      {empty && <p className="nhsuk-body">No service near the patient can do any of these {found.window.label}.</p>}
      {found.complete.length > 0 && (
        <>
          <h3 className="nhsuk-heading-s">Cover all {total} needs</h3>
          {found.complete.map((s) => <ServiceCard key={s.serviceId} s={s} action={referButton(s)} />)}
        </>
      )}
      {found.pairs.length > 0 && (
        <>
          <h3 className="nhsuk-heading-s">Two services that together cover all {total} needs</h3>
          {found.pairs.map((p) => (
            <Card key={`${p.services[0].serviceId}-${p.services[1].serviceId}`} className="sp-pair">
              {p.services.map((s) => <ServiceCard key={s.serviceId} s={s} action={referButton(s)} />)}
            </Card>
          ))}
        </>
      )}
      {found.partial.length > 0 && (
        <>
          <h3 className="nhsuk-heading-s">Cover some of the needs</h3>
          {found.partial.map((s) => <ServiceCard key={s.serviceId} s={s} action={referButton(s)} />)}
        </>
      )}
      {(found.left.closed > 0 || found.left.red > 0 || found.left.age > 0) && (
        <p className="nhsuk-body-s">
          Not shown: {found.left.closed} not open in the time asked, {found.left.red} at full capacity (red), {found.left.age} not for the patient’s age.
        </p>
      )}
    </section>
  );
}

function ServiceCard({ s, action }: { s: Found; action: ReactNode }) {
  return (
    <Card heading={s.name} headingLevel={3}>
      <p className="nhsuk-body-s">
        {s.typeName} · {s.distanceKm} km · {openLine(s)} · capacity <Tag colour={s.capacity.status === 'green' ? 'green' : s.capacity.status === 'amber' ? 'orange' : 'red'}>{s.capacity.status}</Tag>
        {s.capacity.reason ? ` (${s.capacity.reason})` : ''}
      </p>
      <ul className="nhsuk-list nhsuk-body-s">
        {s.covers.map((c) => (
          <li key={c.need}>✓ {c.need} ({c.where.map((w) => (w === 'home' ? 'at home' : 'on site')).join(', ')})</li>
        ))}
        {s.missing.map((m) => (
          <li key={m}>✗ {m} — not this service</li>
        ))}
      </ul>
      <p className="nhsuk-body-s">
        Who may refer: {s.referralRoles.join(', ')}. How: {howToRefer(s)}.
      </p>
      {action}
    </Card>
  );
}
