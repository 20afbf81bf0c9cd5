// A new case: who the patient is (NHS number checked as typed), who is calling, what the problem is.
// Special patient notes for the NHS number show before the case is opened.
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Checkboxes, Details, ErrorSummary, Radios, Select, Textarea, TextInput } from '../../components/nhs';
import { call, client, type RequestBody } from '../../lib/api';
import type { SpecialNote } from '../../lib/cases';
import { formatNhsNumber, isValidNhsNumber, SEX_CHOICES } from '../../lib/format';
import { navigate } from '../../lib/router';
import { SpecialNotes } from './parts';

type NewCase = RequestBody<'/api/cases'>;
type Sex = NewCase['patient']['sex'];
type Relationship = NonNullable<NewCase['caller']>['relationship'];

const RELATIONSHIPS: { value: Relationship; label: string }[] = [
  { value: 'self', label: 'The patient' },
  { value: 'parent', label: 'Parent' },
  { value: 'carer', label: 'Carer' },
  { value: 'relative', label: 'Relative' },
  { value: 'friend', label: 'Friend' },
  { value: 'professional', label: 'Health or care professional' },
  { value: 'other', label: 'Someone else' },
];

export function NewCall() {
  const [f, setF] = useState({
    nhsNumber: '',
    firstName: '',
    lastName: '',
    dateOfBirth: '',
    sex: '' as Sex | '',
    postcode: '',
    phone: '',
    registeredPractice: '',
    relationship: 'self' as Relationship,
    callerName: '',
    presentingProblem: '',
    currentPostcode: '',
    language: '',
    needs: [] as string[],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notes, setNotes] = useState<SpecialNote[] | null>(null);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const nhsDigits = f.nhsNumber.replace(/\s+/g, '');
  const nhsState = nhsDigits.length === 0 ? null : nhsDigits.length < 10 ? 'typing' : isValidNhsNumber(nhsDigits) ? 'valid' : 'invalid';

  useEffect(() => {
    setNotes(null);
    if (nhsState !== 'valid') return;
    call(client.GET('/api/special-notes', { params: { query: { nhsNumber: nhsDigits } } }))
      .then((r) => setNotes(r.notes))
      .catch(() => setNotes(null));
  }, [nhsState, nhsDigits]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (nhsState === 'invalid' || nhsState === 'typing') errs.nhsNumber = 'The NHS number is not valid: check each digit (10 digits, the last is a check digit)';
    if (!f.firstName.trim()) errs.firstName = 'Enter the first name';
    if (!f.lastName.trim()) errs.lastName = 'Enter the last name';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.dateOfBirth)) errs.dateOfBirth = 'Enter the date of birth';
    if (!f.sex) errs.sex = 'Select the sex';
    if (!f.postcode.trim() && !f.currentPostcode.trim()) errs.postcode = 'Enter the postcode where the patient lives or is now';
    if (!f.presentingProblem.trim()) errs.presentingProblem = 'Describe the problem in a few words';
    setErrors(errs);
    if (Object.keys(errs).length || !f.sex) {
      setError(new Error('Check the highlighted answers'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const needs = f.needs;
      const body: NewCase = {
        channel: 'phone',
        patient: {
          ...(nhsDigits ? { nhsNumber: nhsDigits } : {}),
          firstName: f.firstName.trim(),
          lastName: f.lastName.trim(),
          dateOfBirth: f.dateOfBirth,
          sex: f.sex,
          ...(f.postcode.trim() ? { postcode: f.postcode.trim().toUpperCase() } : {}),
          ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
          ...(f.registeredPractice.trim() ? { registeredPractice: f.registeredPractice.trim().toUpperCase() } : {}),
        },
        caller: { relationship: f.relationship, ...(f.callerName.trim() ? { name: f.callerName.trim() } : {}) },
        presentingProblem: f.presentingProblem.trim(),
        ...(f.currentPostcode.trim() ? { currentLocation: { postcode: f.currentPostcode.trim().toUpperCase() } } : {}),
        ...(f.language.trim() || needs.length
          ? { communicationNeeds: { ...(f.language.trim() ? { language: f.language.trim() } : {}), interpreterRequired: needs.includes('interpreter'), hearing: needs.includes('hearing'), sight: needs.includes('sight'), speech: needs.includes('speech') } }
          : {}),
      };
      const r = await call(client.POST('/api/cases', { body }));
      navigate(`/cases/${r.case.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary error={error} fieldIds={{ 'patient.nhsNumber': 'nhs-number', 'patient.dateOfBirth': 'dob', 'patient.postcode': 'postcode' }} />
        <h1 className="nhsuk-heading-l" tabIndex={-1}>New call</h1>
        <form onSubmit={submit} noValidate>
          <h2 className="nhsuk-heading-m">Patient</h2>
          <TextInput
            id="nhs-number"
            label="NHS number (if known)"
            hint="10 digits, for example 943 476 5919"
            inputMode="numeric"
            width={10}
            value={f.nhsNumber}
            onValue={set('nhsNumber')}
            onBlur={() => nhsState === 'valid' && setF({ ...f, nhsNumber: formatNhsNumber(nhsDigits) })}
            error={errors.nhsNumber ?? (nhsState === 'invalid' ? 'This is not a valid NHS number: the check digit does not match' : undefined)}
          />
          {nhsState === 'valid' && (
            <p className="nhsuk-body-s" role="status" data-testid="nhs-ok">
              ✓ NHS number is valid (check digit matches).
            </p>
          )}
          {notes && notes.length > 0 && <SpecialNotes notes={notes} />}
          <TextInput id="first-name" label="First name" value={f.firstName} onValue={set('firstName')} error={errors.firstName} autoComplete="off" />
          <TextInput id="last-name" label="Last name" value={f.lastName} onValue={set('lastName')} error={errors.lastName} autoComplete="off" />
          <TextInput id="dob" label="Date of birth" type="date" value={f.dateOfBirth} onValue={set('dateOfBirth')} error={errors.dateOfBirth} max={new Date().toISOString().slice(0, 10)} />
          <Radios
            legend="Sex"
            legendSize="s"
            name="sex"
            inline
            error={errors.sex}
            value={f.sex}
            onValue={(sex) => setF({ ...f, sex })}
            choices={[...SEX_CHOICES]}
          />
          <TextInput id="postcode" label="Home postcode" width={10} value={f.postcode} onValue={set('postcode')} error={errors.postcode} autoComplete="off" />
          <TextInput id="phone" label="Call-back number" type="tel" width={20} value={f.phone} onValue={set('phone')} />
          <TextInput id="practice" label="GP practice code (ODS), if known" width={10} value={f.registeredPractice} onValue={set('registeredPractice')} />
          <h2 className="nhsuk-heading-m">Caller</h2>
          <Select
            id="relationship"
            label="Who is calling?"
            value={f.relationship}
            onValue={(v) => setF({ ...f, relationship: RELATIONSHIPS.find((r) => r.value === v)?.value ?? 'other' })}
            options={RELATIONSHIPS}
          />
          {f.relationship !== 'self' && <TextInput label="Caller's name" value={f.callerName} onValue={set('callerName')} />}
          <h2 className="nhsuk-heading-m">The problem</h2>
          <Textarea id="problem" label="What is the main problem?" value={f.presentingProblem} onValue={set('presentingProblem')} error={errors.presentingProblem} />
          <TextInput id="current-postcode" label="Postcode where the patient is now, if not at home" width={10} value={f.currentPostcode} onValue={set('currentPostcode')} />
          <Details summary="Communication needs">
            <TextInput label="Preferred language" value={f.language} onValue={set('language')} width={20} />
            <Checkboxes
              legend="Needs"
              legendSize="s"
              name="needs"
              small
              values={f.needs}
              onValues={(needs) => setF({ ...f, needs })}
              choices={[
                { value: 'interpreter', label: 'Interpreter needed' },
                { value: 'hearing', label: 'Hearing' },
                { value: 'sight', label: 'Sight' },
                { value: 'speech', label: 'Speech' },
              ]}
            />
          </Details>
          <Button type="submit" disabled={busy}>
            {busy ? 'Opening the case…' : 'Open case and start triage'}
          </Button>
        </form>
      </div>
    </div>
  );
}
