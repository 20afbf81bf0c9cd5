// Parts of the DoS editor: dated openings and closures (bank holidays, Christmas Eve), referral
// endpoints, and when a change takes effect. Each small form is checked before it is added
// (lib/directory-forms.ts); the server checks the whole profile again when it is proposed.
import { useState } from 'react';
import { specifiedDateText } from '../../components/directory';
import { Button, Details, Radios, Select, TextInput } from '../../components/nhs';
import { calendarDate } from '../../lib/format';
import { effectiveDateProblem, endpointProblems, ENDPOINT_KINDS, specifiedDateProblems, ukToday, withSpecifiedDate, type Problems } from '../../lib/directory-forms';
import type { ReferralEndpoint, Session, SpecifiedDate } from '../../lib/types';

/** Dated openings and closures: they override the weekly hours (and 24/7) on that date. */
export function SpecifiedDatesEditor({ dates, onChange }: { dates: SpecifiedDate[]; onChange: (dates: SpecifiedDate[]) => void }) {
  const [draft, setDraft] = useState<{ date: string; closed: boolean; sessions: Session[]; note: string }>({ date: '', closed: true, sessions: [{ open: '10:00', close: '16:00' }], note: '' });
  const [problems, setProblems] = useState<Problems<'date' | 'sessions' | 'note'>>({});
  const add = () => {
    const entry: SpecifiedDate = { date: draft.date, sessions: draft.closed ? [] : draft.sessions, note: draft.note };
    const found = specifiedDateProblems(entry);
    setProblems(found);
    if (Object.keys(found).length) return;
    onChange(withSpecifiedDate(dates, entry));
    setDraft({ ...draft, date: '', note: '' });
  };
  const setSession = (i: number, patch: Partial<Session>) => setDraft({ ...draft, sessions: draft.sessions.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  return (
    <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-3" data-testid="specified-dates">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Dated openings and closures</legend>
      <p className="nhsuk-hint">For one date these hours replace the weekly ones (bank holidays, Christmas Eve, a training afternoon).</p>
      {dates.length === 0 ? (
        <p className="nhsuk-body-s">None.</p>
      ) : (
        <ul className="nhsuk-list" aria-label="Dated openings and closures">
          {dates.map((d) => (
            <li key={d.date} className="sp-row">
              <span>{specifiedDateText(d)}</span>
              <button type="button" className="sp-link-button" onClick={() => setDraft({ date: d.date, closed: d.sessions.length === 0, sessions: d.sessions.length ? d.sessions : draft.sessions, note: d.note ?? '' })} aria-label={`Change ${calendarDate(d.date)}`}>
                Change
              </button>
              <button type="button" className="sp-link-button" onClick={() => onChange(dates.filter((x) => x.date !== d.date))} aria-label={`Remove ${calendarDate(d.date)}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="sp-row">
        <TextInput label="Date" type="date" value={draft.date} onValue={(v) => setDraft({ ...draft, date: v })} error={problems.date} width={10} />
        <TextInput label="Note (optional)" value={draft.note} onValue={(v) => setDraft({ ...draft, note: v })} error={problems.note} width={20} hint="e.g. Christmas Eve" />
      </div>
      <Radios
        legend="On that date"
        legendSize="s"
        name="specified-open"
        inline
        small
        value={draft.closed ? 'closed' : 'open'}
        onValue={(v) => setDraft({ ...draft, closed: v === 'closed' })}
        choices={[
          { value: 'closed', label: 'Closed all day' },
          { value: 'open', label: 'Open these hours' },
        ]}
      />
      {!draft.closed && (
        <div className={problems.sessions ? 'nhsuk-form-group nhsuk-form-group--error' : undefined}>
          {problems.sessions && (
            <span className="nhsuk-error-message">
              <span className="nhsuk-u-visually-hidden">Error:</span> {problems.sessions}
            </span>
          )}
          {draft.sessions.map((s, i) => (
            <div className="sp-row" key={i}>
              <TextInput label={`Session ${i + 1} opens`} value={s.open} onValue={(v) => setSession(i, { open: v })} width={5} inputMode="numeric" />
              <TextInput label={`Session ${i + 1} closes`} value={s.close} onValue={(v) => setSession(i, { close: v })} width={5} inputMode="numeric" hint="24:00 for midnight" />
              {draft.sessions.length > 1 && (
                <Button variant="secondary" small onClick={() => setDraft({ ...draft, sessions: draft.sessions.filter((_, j) => j !== i) })}>
                  Remove session
                </Button>
              )}
            </div>
          ))}
          <Button variant="secondary" small onClick={() => setDraft({ ...draft, sessions: [...draft.sessions, { open: '17:00', close: '20:00' }] })}>
            Add another session
          </Button>
        </div>
      )}
      <Button variant="secondary" small onClick={add}>
        {dates.some((d) => d.date === draft.date) ? 'Replace this date' : 'Add this date'}
      </Button>
    </fieldset>
  );
}

/** Where referrals are sent: FHIR, web, email or phone, each checked for its kind. */
export function EndpointsEditor({ endpoints, onChange }: { endpoints: ReferralEndpoint[]; onChange: (e: ReferralEndpoint[]) => void }) {
  const [draft, setDraft] = useState<ReferralEndpoint>({ kind: 'fhir', address: '', description: '' });
  const [problems, setProblems] = useState<Problems<'address' | 'description'>>({});
  const kind = ENDPOINT_KINDS.find((k) => k.value === draft.kind)!;
  const add = () => {
    const found = endpointProblems(draft, endpoints);
    setProblems(found);
    if (Object.keys(found).length) return;
    const description = draft.description?.trim();
    onChange([...endpoints, { kind: draft.kind, address: draft.address.trim(), ...(description ? { description } : {}) }]);
    setDraft({ ...draft, address: '', description: '' });
  };
  return (
    <Details summary={`Referral endpoints (${endpoints.length})`}>
      <div data-testid="endpoints-editor">
        {endpoints.length === 0 ? (
          <p className="nhsuk-body-s">None: referrals can only be made by phone from the profile.</p>
        ) : (
          <ul className="nhsuk-list" aria-label="Referral endpoints">
            {endpoints.map((e, i) => (
              <li key={`${e.kind}:${e.address}`} className="sp-row">
                <span>
                  <strong>{ENDPOINT_KINDS.find((k) => k.value === e.kind)?.label ?? e.kind}</strong>: <span className="sp-break">{e.address}</span>
                  {e.description ? ` (${e.description})` : ''}
                </span>
                <button type="button" className="sp-link-button" onClick={() => onChange(endpoints.filter((_, j) => j !== i))} aria-label={`Remove endpoint ${e.address}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <Select label="Kind of endpoint" value={draft.kind} onValue={(v) => setDraft({ ...draft, kind: v as ReferralEndpoint['kind'] })} options={ENDPOINT_KINDS.map((k) => ({ value: k.value, label: k.label }))} />
        <TextInput label="Endpoint address" hint={kind.hint} value={draft.address} onValue={(v) => setDraft({ ...draft, address: v })} error={problems.address} />
        <TextInput label="Endpoint description (optional)" value={draft.description ?? ''} onValue={(v) => setDraft({ ...draft, description: v })} error={problems.description} width={30} />
        <Button variant="secondary" small onClick={add}>
          Add endpoint
        </Button>
      </div>
    </Details>
  );
}

/** When a proposed change takes effect: as soon as approved, or from the start of a future date. */
export function EffectiveFromField({ value, onValue, error }: { value: string; onValue: (v: string) => void; error?: string }) {
  const [mode, setMode] = useState<'now' | 'date'>(value ? 'date' : 'now');
  const problem = error ?? (mode === 'date' ? (effectiveDateProblem(value, ukToday()) ?? undefined) : undefined);
  return (
    <>
      <Radios
        legend="When should the change take effect?"
        legendSize="s"
        name="effective"
        small
        value={mode}
        onValue={(v) => {
          setMode(v);
          if (v === 'now') onValue('');
        }}
        choices={[
          { value: 'now', label: 'As soon as it is approved' },
          { value: 'date', label: 'From a date', hint: 'For example winter opening hours from 1 December: approved now, applied at the start of that day' },
        ]}
      />
      {mode === 'date' && <TextInput label="Takes effect from" type="date" value={value} onValue={onValue} error={value ? problem : undefined} width={10} />}
    </>
  );
}
