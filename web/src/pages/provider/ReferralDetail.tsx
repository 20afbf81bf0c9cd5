// One referral with the patient's whole story (and the special patient notes the trust rules let the
// receiving service see), and the receiving service's actions: accept, reject with a coded reason,
// book, refer onward, complete.
import { useEffect, useState } from 'react';
import { BackLink, Button, Details, ErrorSummary, LoadError, Loading, Radios, SummaryList, Tag, Textarea } from '../../components/nhs';
import { ApiError, call, client, useApi, type Reply } from '../../lib/api';
import { hasRole, useAuth } from '../../lib/auth';
import { patientName, REFERRAL_STATUS } from '../../lib/cases';
import { when } from '../../lib/format';
import { referralActions } from '../../lib/referrals';
import { SpecialNotesPanel } from '../calls/SpecialNotesPanel';
import { OnwardReferral } from './OnwardReferral';
import { RejectForm } from './RejectForm';

type Slot = Reply<'/api/services/{id}/slots'>['slots'][number];

export function ReferralDetail({ params }: { params: Record<string, string> }) {
  const { actor } = useAuth();
  const loaded = useApi((signal) => client.GET('/api/referrals/{id}', { params: { path: { id: params.id } }, signal }), params.id);
  const referral = loaded.data?.referral;
  const caseView = useApi(referral ? (signal) => client.GET('/api/cases/{id}', { params: { path: { id: referral.caseId } }, signal }) : null, referral?.caseId);
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [slot, setSlot] = useState<string | undefined>();
  const [outcome, setOutcome] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (!referral || referral.status !== 'accepted') return;
    call(client.GET('/api/services/{id}/slots', { params: { path: { id: referral.serviceId }, query: { status: 'free' } } })).then((r) => setSlots(r.slots), () => setSlots([]));
  }, [referral]);
  if (loaded.error) return <LoadError error={loaded.error} />;
  if (!referral) return <Loading what="Loading the referral" />;
  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      loaded.reload();
    } catch (e) {
      setError(e);
    }
  };
  const isProvider = hasRole(actor, 'provider_staff');
  // Only a receiving service refers onward (the front door re-refers from the case page instead).
  const refersOnward = Boolean(actor?.roles.includes('provider_staff')) && (referral.status === 'accepted' || referral.status === 'booked') && caseView.data?.case.status === 'open';
  const c = caseView.data?.case;
  const active = ['requested', 'accepted', 'booked'].includes(referral.status);
  return (
    <>
      <BackLink to="/provider/inbox">Referral inbox</BackLink>
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        <span className="nhsuk-caption-l">Referral to {referral.serviceName}</span>
        {c ? patientName(c.patient) : 'Referral'} <Tag colour={REFERRAL_STATUS[referral.status][1]}>{REFERRAL_STATUS[referral.status][0]}</Tag>
      </h1>
      <SummaryList
        rows={[
          { key: 'Disposition', value: referral.disposition ?? '—' },
          { key: 'Referred', value: `${when(referral.requestedAt)} by ${referral.referredByName}` },
          ...(referral.appointment?.start ? [{ key: 'Appointment', value: when(referral.appointment.start) }] : []),
          ...(referral.rejection ? [{ key: 'Rejected', value: `${referral.rejection.reasonCode ? `${referral.rejection.reasonCode} — ` : ''}${referral.rejection.reason}` }] : []),
          ...(referral.inappropriate
            ? [{ key: 'Flagged inappropriate', value: `${referral.inappropriate.label}${referral.inappropriate.note ? `: ${referral.inappropriate.note}` : ''} (${referral.inappropriate.flaggedByName})` }]
            : []),
          ...(referral.outcome ? [{ key: 'Outcome', value: referral.outcome }] : []),
          ...(c
            ? [
                { key: 'Patient', value: `${patientName(c.patient)}, born ${c.patient.dateOfBirth}, ${c.patient.sex}${c.patient.nhsNumber ? `, NHS ${c.patient.nhsNumber}` : ''}` },
                { key: 'Call back on', value: c.patient.phone ?? '—' },
                { key: 'Problem', value: c.presentingProblem },
              ]
            : []),
        ]}
      />
      {done && (
        <div className="nhsuk-inset-text" role="status">
          {done}
        </div>
      )}
      {caseView.data && (
        <SpecialNotesPanel nhsNumber={caseView.data.case.patient.nhsNumber} notes={caseView.data.specialNotes} onChange={caseView.reload} open={active} />
      )}
      {referral.summary && (
        <>
          <h2 className="nhsuk-heading-m">Summary</h2>
          <p className="nhsuk-body" style={{ whiteSpace: 'pre-wrap' }}>{referral.summary}</p>
        </>
      )}
      {c?.disposition && c.disposition.report.length > 0 && (
        <Details summary="Triage questions and answers">
          <SummaryList rows={c.disposition.report.map((r) => ({ key: r.question, value: r.answer }))} />
        </Details>
      )}
      {caseView.error && caseView.error instanceof ApiError && <p className="nhsuk-body-s sp-muted">The full case cannot be shown: {caseView.error.message}</p>}
      {/* A rejected, completed or cancelled referral has nothing left to do here: no empty "Action" heading. */}
      {isProvider && ['requested', 'accepted', 'booked'].includes(referral.status) && (
        <>
          <h2 className="nhsuk-heading-m">Action</h2>
          {referral.status === 'requested' && (
            <>
              <Button onClick={() => act(() => referralActions.accept(referral.id))}>Accept</Button>
              <Details summary="Reject the referral">
                <RejectForm serviceName={referral.serviceName} onReject={(body) => act(() => referralActions.reject(referral.id, body))} />
              </Details>
            </>
          )}
          {referral.status === 'accepted' && (
            <>
              {slots && slots.length > 0 ? (
                <>
                  <Radios legend="Book an appointment" legendSize="s" name="slot" small value={slot} onValue={setSlot} choices={slots.slice(0, 12).map((s) => ({ value: s.id, label: `${when(s.start)}–${when(s.end).split(' ').at(-1)}` }))} />
                  <Button onClick={() => slot && act(() => referralActions.book(referral.id, { slotId: slot }))} disabled={!slot}>
                    Book
                  </Button>
                </>
              ) : (
                <p className="nhsuk-body">No free appointment slots are published for this service.</p>
              )}
            </>
          )}
          {(referral.status === 'accepted' || referral.status === 'booked') && (
            <>
              <Textarea label="Outcome (optional)" value={outcome} onValue={setOutcome} />
              <div className="sp-actions">
                <Button variant="secondary" onClick={() => act(() => referralActions.complete(referral.id, outcome ? { outcome } : {}))}>
                  Mark complete
                </Button>
                {referral.status === 'booked' && (
                  <Button variant="secondary" onClick={() => act(() => referralActions.didNotAttend(referral.id))}>
                    Did not attend
                  </Button>
                )}
              </div>
            </>
          )}
        </>
      )}
      {refersOnward && (
        <OnwardReferral
          referral={referral}
          onSent={(onward) => {
            setDone(`Referred onward to ${onward.serviceName}${onward.appointment ? `, appointment ${when(onward.appointment.start)}` : ''}. This referral is completed.`);
            loaded.reload();
          }}
        />
      )}
    </>
  );
}
