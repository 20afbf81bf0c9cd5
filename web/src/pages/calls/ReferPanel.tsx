// Sending a referral to the service chosen from a case search: a reason for each service ranked above
// it (asked, never assumed), an appointment slot where the service publishes them, and a note. Used
// by the front door on the case page and by a receiving service referring onward.
import { useEffect, useState } from 'react';
import { Button, ErrorSummary, Loading, Radios, Select, Textarea, TextInput } from '../../components/nhs';
import { ApiError, call, client, type Reply } from '../../lib/api';
import type { CaseSearch, Referral } from '../../lib/cases';
import { when } from '../../lib/format';
import { chosenCode, createReferral, PASS_OVER_CHOICES } from '../../lib/referrals';

type Slot = Reply<'/api/services/{id}/slots'>['slots'][number];
type Result = CaseSearch['results'][number];

const NO_SLOT = 'none';

export function slotLabel(s: Pick<Slot, 'start' | 'end'>): string {
  return `${when(s.start)}–${when(s.end).split(' ').at(-1)}`;
}

export function ReferPanel({ caseId, search, chosen, disposition, initialSummary, onSent, onCancel }: {
  caseId: string;
  search: CaseSearch;
  chosen: Result;
  /** the referrer's own disposition (a receiving service referring onward) */
  disposition?: string;
  initialSummary?: string;
  onSent: (referral: Referral) => void;
  onCancel: () => void;
}) {
  const above = search.results.filter((r) => r.position < chosen.position);
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const [notes, setNotes] = useState<Record<number, string>>({});
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [slot, setSlot] = useState<string>(NO_SLOT);
  const [summary, setSummary] = useState(initialSummary ?? '');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const loadSlots = () =>
    call(client.GET('/api/services/{id}/slots', { params: { path: { id: chosen.serviceId }, query: { status: 'free', limit: 24 } } })).then(
      (r) => setSlots(r.slots),
      () => setSlots([]),
    );
  useEffect(() => {
    void loadSlots();
  }, [chosen.serviceId]);

  const send = async () => {
    const missing: Record<string, string> = {};
    for (const r of above) {
      const code = chosenCode(reasons[r.serviceId] ?? '');
      if (!code) missing[`reason-${r.serviceId}`] = `Say why ${r.name} was passed over`;
      else if (code === '99' && !notes[r.serviceId]?.trim()) missing[`note-${r.serviceId}`] = `Say why ${r.name} was passed over (other)`;
    }
    setProblems(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    setError(null);
    try {
      const passedOver = above.map((r) => ({ serviceId: r.serviceId, reasonCode: chosenCode(reasons[r.serviceId])!, ...(notes[r.serviceId]?.trim() ? { note: notes[r.serviceId].trim() } : {}) }));
      const sent = await createReferral({
        caseId,
        serviceId: chosen.serviceId,
        searchId: search.searchId,
        passedOver,
        ...(slot !== NO_SLOT ? { slotId: slot } : {}),
        ...(disposition ? { disposition } : {}),
        ...(summary.trim() ? { summary: summary.trim() } : {}),
      });
      onSent(sent.referral);
    } catch (e) {
      setError(e);
      // A slot taken meanwhile: show the slots as they are now, with none chosen.
      if (e instanceof ApiError && e.status === 409) {
        setSlot(NO_SLOT);
        void loadSlots();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sp-refer-panel nhsuk-u-margin-top-3" data-testid="refer-panel">
      <ErrorSummary error={error} />
      <h4 className="nhsuk-heading-s">Refer to {chosen.name}</h4>
      {above.length > 0 && (
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Why not the {above.length === 1 ? 'service' : `${above.length} services`} recommended above?</legend>
          {above.map((r) => (
            <div key={r.serviceId}>
              <Select
                label={`Why not ${r.position}. ${r.name}?`}
                value={reasons[r.serviceId] ?? ''}
                onValue={(v) => setReasons((x) => ({ ...x, [r.serviceId]: v }))}
                options={[{ value: '', label: 'Choose a reason' }, ...PASS_OVER_CHOICES]}
                error={problems[`reason-${r.serviceId}`]}
              />
              {reasons[r.serviceId] === '99' && (
                <TextInput label={`Why not ${r.name} (other)`} value={notes[r.serviceId] ?? ''} onValue={(v) => setNotes((x) => ({ ...x, [r.serviceId]: v }))} error={problems[`note-${r.serviceId}`]} />
              )}
            </div>
          ))}
        </fieldset>
      )}
      {slots === null ? (
        <Loading what="Looking for appointment slots" />
      ) : slots.length > 0 ? (
        <Radios
          legend="Book an appointment"
          legendSize="s"
          name={`slot-${chosen.serviceId}`}
          small
          value={slot}
          onValue={setSlot}
          choices={[{ value: NO_SLOT, label: 'No appointment: the service arranges it' }, ...slots.slice(0, 12).map((s) => ({ value: s.id, label: slotLabel(s) }))]}
        />
      ) : (
        <p className="nhsuk-body-s">{chosen.name} publishes no free appointment slots: it arranges the time with the patient.</p>
      )}
      <Textarea label="What the service needs to know (optional)" value={summary} onValue={setSummary} rows={3} />
      <div className="sp-actions">
        <Button small onClick={send} disabled={busy}>
          {busy ? 'Sending…' : slot !== NO_SLOT ? 'Send referral and book' : 'Send referral'}
        </Button>
        <button type="button" className="sp-link-button" onClick={onCancel}>
          Choose another service
        </button>
      </div>
    </div>
  );
}
