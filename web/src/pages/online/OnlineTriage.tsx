// Patient online triage (no sign-in): postcode, age and sex, the symptom, the questions, then the
// outcome in plain words — where to go, when, how to get in — and a call-back if they want one.
import { useState, type FormEvent } from 'react';
import { BackLink, Button, ErrorSummary, InsetText, Panel, Radios, Select, TextInput, WarningCallout } from '../../components/nhs';
import { ONLINE_TRIAGE, TriageRunner } from '../../components/triage';
import { ApiError, call, client, type RequestBody } from '../../lib/api';
import { useDispositions } from '../../lib/reference';
import type { SearchResult, TriageSessionView } from '../../lib/types';
import { OnlineOutcome } from './OnlineOutcome';

type Step = 'start' | 'postcode' | 'about' | 'questions' | 'outcome' | 'callback' | 'done';

const POSTCODE = /^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$/;

// The outcome view and its plain words live beside this page (the web tests import them from here too).
export { plainOutcome } from './OnlineOutcome';

export function OnlineTriage() {
  const [step, setStep] = useState<Step>('start');
  const [postcode, setPostcode] = useState('');
  const [ageValue, setAgeValue] = useState('');
  const [ageUnit, setAgeUnit] = useState<'years' | 'months'>('years');
  const [sex, setSex] = useState<RequestBody<'/api/online/sessions'>['sex'] | undefined>();
  const [answerer, setAnswerer] = useState<'self' | 'other' | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [view, setView] = useState<TriageSessionView | null>(null);
  const [services, setServices] = useState<SearchResult[] | null>(null);
  const [catchAll, setCatchAll] = useState(false);
  const [busy, setBusy] = useState(false);
  const [reference, setReference] = useState<string | null>(null);
  const [queued, setQueued] = useState(true);
  const [selfCare, setSelfCare] = useState(false);
  const dispositions = useDispositions();
  const catalogueEntry = (code: string) => dispositions?.find((d) => d.code === code);

  const go = (s: Step) => {
    setError(null);
    setErrors({});
    setStep(s);
    window.scrollTo(0, 0);
  };

  const submitPostcode = (e: FormEvent) => {
    e.preventDefault();
    if (!POSTCODE.test(postcode.trim())) {
      setErrors({ postcode: 'Enter a full postcode, like CT1 3NG' });
      setError(new Error('Enter a full postcode, like CT1 3NG'));
      return;
    }
    go('about');
  };
  const submitAbout = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const n = Number(ageValue);
    if (ageValue.trim() === '' || !Number.isFinite(n) || n < 0 || n > 130) errs.age = 'Enter an age, like 35';
    if (!sex) errs.sex = 'Select one';
    if (!answerer) errs.answerer = 'Select who needs help';
    setErrors(errs);
    if (Object.keys(errs).length || !sex) {
      setError(new Error('Answer all the questions'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const started = await call(client.POST('/api/online/sessions', { body: { postcode: postcode.trim().toUpperCase(), age: { value: n, unit: ageUnit }, sex, answerer } }));
      setView(started);
      go('questions');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const finished = async (v: TriageSessionView) => {
    setView(v);
    go('outcome');
    // Self-care needs no service: nothing is searched for (and no "nearest A&E" is offered).
    if (v.outcome && catalogueEntry(v.outcome.disposition)?.group === 'self-care') {
      setSelfCare(true);
      setServices([]);
      return;
    }
    try {
      const r = await call(client.POST('/api/online/sessions/{id}/services', { params: { path: { id: v.session.id } }, body: { postcode: postcode.trim().toUpperCase() } }));
      setServices(r.results);
      setCatchAll(r.catchAll);
      setSelfCare(Boolean(r.selfCare));
    } catch (err) {
      setServices([]);
      if (!(err instanceof ApiError && err.status === 503)) setError(err);
    }
  };

  if (step === 'start') {
    return (
      <>
        <h1 className="nhsuk-heading-xl" tabIndex={-1}>Get help with your symptoms</h1>
        <p className="nhsuk-lede-text">Answer questions about your main symptom. We'll tell you what to do and where to go — or a nurse or doctor can call you back.</p>
        <WarningCallout heading="If it's an emergency">
          <p>
            Call <strong>999</strong> if someone is seriously ill or injured and their life is at risk.
          </p>
        </WarningCallout>
        <p className="nhsuk-body">It takes about 5 minutes. You do not need to sign in.</p>
        <Button onClick={() => go('postcode')} data-testid="start-online">
          Start now
        </Button>
        <InsetText>
          <p>Signpost uses demonstration content. It is not for real medical advice.</p>
        </InsetText>
      </>
    );
  }
  if (step === 'postcode') {
    return (
      <>
        <BackLink onClick={() => go('start')} />
        <ErrorSummary error={error} fieldIds={{ postcode: 'postcode' }} />
        <form onSubmit={submitPostcode} noValidate>
          <h1 className="nhsuk-heading-l" tabIndex={-1}>
            <label htmlFor="postcode">What is the postcode where you are now?</label>
          </h1>
          <TextInput id="postcode" label={<span className="nhsuk-u-visually-hidden">Postcode</span>} hint="We use it to find services near you. For example, CT1 3NG" width={10} autoComplete="postal-code" value={postcode} onValue={setPostcode} error={errors.postcode} />
          <Button type="submit">Continue</Button>
        </form>
      </>
    );
  }
  if (step === 'about') {
    return (
      <>
        <BackLink onClick={() => go('postcode')} />
        <ErrorSummary error={error} />
        <form onSubmit={submitAbout} noValidate>
          <h1 className="nhsuk-heading-l" tabIndex={-1}>About the person who is unwell</h1>
          <Radios
            legend="Who needs help?"
            legendSize="s"
            name="answerer"
            value={answerer}
            onValue={(v) => setAnswerer(v as 'self' | 'other')}
            error={errors.answerer}
            choices={[
              { value: 'self', label: 'Me' },
              { value: 'other', label: 'Someone else', hint: 'For example, my child or someone I care for' },
            ]}
          />
          <div className="sp-row">
            <TextInput id="age" label="How old are they?" inputMode="numeric" width={3} value={ageValue} onValue={setAgeValue} error={errors.age} />
            <Select
              label="Years or months"
              value={ageUnit}
              onValue={(v) => setAgeUnit(v === 'months' ? 'months' : 'years')}
              options={[
                { value: 'years', label: 'years' },
                { value: 'months', label: 'months (babies)' },
              ]}
            />
          </div>
          <Radios
            legend="What sex were they registered at birth?"
            legendSize="s"
            name="sex"
            value={sex}
            onValue={setSex}
            error={errors.sex}
            choices={[
              { value: 'female', label: 'Female' },
              { value: 'male', label: 'Male' },
              { value: 'unknown', label: 'I would rather not say' },
            ]}
          />
          <Button type="submit" disabled={busy}>
            Continue
          </Button>
        </form>
      </>
    );
  }
  if (step === 'questions' && view) {
    return (
      <>
        <ErrorSummary error={error} />
        <TriageRunner view={view} setView={setView} api={ONLINE_TRIAGE} patient onFinished={finished} />
      </>
    );
  }
  if ((step === 'outcome' || step === 'callback') && view?.outcome) {
    if (step === 'callback') return <Callback view={view} postcode={postcode} onDone={(ref, q) => { setReference(ref); setQueued(q); go('done'); }} onBack={() => go('outcome')} />;
    return (
      <>
        <ErrorSummary error={error} />
        <OnlineOutcome outcome={view.outcome} catalogue={catalogueEntry(view.outcome.disposition)} selfCare={selfCare} services={services} catchAll={catchAll} onCallback={() => go('callback')} />
      </>
    );
  }
  if (step === 'done') {
    return (
      <>
        <Panel heading={queued ? "We've asked a clinician to call you" : 'We have your details'}>
          Your reference: <strong data-testid="callback-ref">{reference}</strong>
        </Panel>
        <p className="nhsuk-body">
          {queued ? 'Keep your phone with you. If you miss the call, they will try again.' : 'Your answers are saved, but a call-back could not be arranged online for this outcome. Please call 111 and give your reference.'}
        </p>
        <WarningCallout heading="If you get worse">
          <p>Call 111. Call 999 if it is an emergency.</p>
        </WarningCallout>
      </>
    );
  }
  return null;
}

function Callback({ view, postcode, onDone, onBack }: { view: TriageSessionView; postcode: string; onDone: (ref: string, queued: boolean) => void; onBack: () => void }) {
  const [f, setF] = useState({ firstName: '', lastName: '', dateOfBirth: '', phone: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!f.firstName.trim()) errs.firstName = 'Enter your first name';
    if (!f.lastName.trim()) errs.lastName = 'Enter your last name';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.dateOfBirth)) errs.dateOfBirth = 'Enter your date of birth';
    if (!/^\+?[0-9 ()-]{6,20}$/.test(f.phone.trim())) errs.phone = 'Enter a phone number, like 07700 900123';
    setErrors(errs);
    if (Object.keys(errs).length) {
      setError(new Error('Check your answers'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const sex = view.session.patient.sex === 'female' || view.session.patient.sex === 'male' ? view.session.patient.sex : 'unknown';
      const r = await call(
        client.POST('/api/online/sessions/{id}/callback', {
          params: { path: { id: view.session.id } },
          body: { ...f, phone: f.phone.trim(), postcode: postcode.trim().toUpperCase(), sex, problem: `Online triage: ${view.outcome?.dispositionTitle ?? ''}` },
        }),
      );
      onDone(r.reference, r.queued);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <BackLink onClick={onBack} />
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>Ask for a call-back</h1>
      <form onSubmit={submit} noValidate>
        <TextInput id="cb-first" label="First name" autoComplete="given-name" value={f.firstName} onValue={set('firstName')} error={errors.firstName} />
        <TextInput id="cb-last" label="Last name" autoComplete="family-name" value={f.lastName} onValue={set('lastName')} error={errors.lastName} />
        <TextInput id="cb-dob" label="Date of birth" type="date" autoComplete="bday" value={f.dateOfBirth} onValue={set('dateOfBirth')} error={errors.dateOfBirth} />
        <TextInput id="cb-phone" label="Phone number to call" type="tel" autoComplete="tel" width={20} value={f.phone} onValue={set('phone')} error={errors.phone} />
        <Button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Ask for a call-back'}
        </Button>
      </form>
    </>
  );
}
