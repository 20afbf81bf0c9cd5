// One case, start to finish: patient and warnings, triage, outcome with the directory, referral,
// care advice, notes and the timeline. Clinicians also work the case's queue entry here.
import { useCallback, useEffect, useState } from 'react';
import { CareCard, Details, ErrorSummary, LoadError, Loading, Radios, Tag, Textarea, Button, Select, WarningCallout } from '../../components/nhs';
import { STAFF_TRIAGE, TriageRunner } from '../../components/triage';
import { call, client, useApi, type RequestBody } from '../../lib/api';
import { hasRole, useAuth } from '../../lib/auth';
import { REFERRAL_STATUS, type CaseDisposition, type CaseSearch, type CaseView, type QueueEntry, type Referral } from '../../lib/cases';
import { relative, when } from '../../lib/format';
import { createReferral, PASS_OVER_CHOICES, passOverCode, referralsOfCase, type PassOverCode } from '../../lib/referrals';
import { useReference } from '../../lib/reference';
import { Link } from '../../lib/router';
import type { SearchOutcome, TriageSessionView } from '../../lib/types';
import { careKindOf } from '../../lib/urgency';
import { ClinicianOutcomeForm } from './ClinicianOutcome';
import { ExcludedList } from './excluded';
import { PatientBanner, RepeatCallerWarning, ResultCard, SpecialNotes, Timeline } from './parts';

export function CasePage({ params }: { params: Record<string, string> }) {
  const { actor } = useAuth();
  const theCase = { params: { path: { id: params.id } } };
  const loaded = useApi((signal) => client.GET('/api/cases/{id}', { ...theCase, signal }), params.id);
  const timeline = useApi((signal) => client.GET('/api/cases/{id}/timeline', { ...theCase, signal }), params.id);
  const [error, setError] = useState<unknown>(null);
  const [triage, setTriage] = useState<TriageSessionView | null>(null);
  const [retriageFor, setRetriageFor] = useState<QueueEntry | null>(null);
  /** Who answers the questions: the caller about themselves, or for someone else (questions then say "they"). */
  const [answerer, setAnswerer] = useState<'self' | 'other'>('self');
  const reload = useCallback(() => {
    loaded.reload();
    timeline.reload();
  }, [loaded, timeline]);

  // The case's latest triage session: to continue it, or to show its care advice.
  const lastSession = loaded.data?.case.triageSessionIds.at(-1);
  useEffect(() => {
    if (!lastSession || triage?.session.id === lastSession) return;
    call(client.GET('/api/triage/sessions/{id}', { params: { path: { id: lastSession } } })).then(setTriage, () => undefined);
  }, [lastSession, triage?.session.id]);

  if (loaded.error) return <LoadError error={loaded.error} retry={loaded.reload} />;
  if (!loaded.data) return <Loading what="Loading the case" />;
  const view = loaded.data;
  const c = view.case;
  const isClinician = hasRole(actor, 'clinician');

  const startTriage = async (forEntry?: QueueEntry) => {
    setError(null);
    try {
      const postcode = c.currentLocation?.postcode ?? c.patient.postcode ?? c.patient.address?.postcode;
      let areaCode: string | undefined;
      if (postcode) {
        areaCode = await call(client.GET('/api/geo/postcodes/{postcode}', { params: { path: { postcode } } }))
          .then((r) => r.location.areaCode ?? undefined)
          .catch(() => undefined);
      }
      const sex = c.patient.sex === 'female' || c.patient.sex === 'male' ? c.patient.sex : 'unknown';
      const started = await call(client.POST('/api/triage/sessions', { body: { age: { dateOfBirth: c.patient.dateOfBirth }, sex, answerer, ...(areaCode ? { areaCode } : {}) } }));
      if (!forEntry) await call(client.POST('/api/cases/{id}/triage', { params: { path: { id: c.id } }, body: { sessionId: started.session.id } }));
      setRetriageFor(forEntry ?? null);
      setTriage(started);
      if (!forEntry) reload();
    } catch (e) {
      setError(e);
    }
  };
  const finished = async (v: TriageSessionView) => {
    setError(null);
    try {
      if (retriageFor) {
        await call(client.POST('/api/queue/{id}/outcome', { params: { path: { id: retriageFor.id } }, body: { kind: 'retriage', triageSessionId: v.session.id, summary: `Re-triage: ${v.outcome?.dispositionTitle ?? ''}` } }));
        setRetriageFor(null);
      } else {
        await call(client.POST('/api/cases/{id}/triage', { params: { path: { id: c.id } }, body: { sessionId: v.session.id } }));
      }
      reload();
    } catch (e) {
      setError(e);
    }
  };
  const decideRepeat = async (decision: 'confirm' | 'reject') => {
    try {
      await call(client.POST('/api/cases/{id}/repeat-caller', { params: { path: { id: c.id } }, body: { decision } }));
      reload();
    } catch (e) {
      setError(e);
    }
  };

  const triageRunning = triage && triage.session.status !== 'finished' && (retriageFor || !c.disposition);
  return (
    <>
      <ErrorSummary error={error} />
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        <span className="nhsuk-caption-l">
          Case opened {when(c.openedAt)} · {c.channel} {c.status === 'closed' && <Tag colour="grey">Closed</Tag>}
        </span>
        {c.disposition ? c.disposition.title : triageRunning ? 'Triage' : 'New case'}
      </h1>
      <PatientBanner c={c} />
      <RepeatCallerWarning c={c} onDecide={decideRepeat} />
      <SpecialNotes notes={view.specialNotes} />
      {c.flags.filter((f) => f.category !== 'repeat-caller').map((f, i) => (
        <div key={i} className="sp-note" role="note">
          <strong>{f.category}:</strong> {f.text}
        </div>
      ))}
      {view.queue.length > 0 && <QueuePanel entries={view.queue} caseId={c.id} current={c.disposition} onChange={reload} onRetriage={(e) => startTriage(e)} isClinician={isClinician} />}

      {c.status === 'open' && !c.disposition && !triageRunning && (
        <section aria-labelledby="triage-heading">
          <h2 className="nhsuk-heading-m" id="triage-heading">Triage</h2>
          <p className="nhsuk-body">Emergency questions come first, then the pathway for the problem.</p>
          <Radios
            legend="Who needs help?"
            legendSize="s"
            name="answerer"
            inline
            value={answerer}
            onValue={(v) => setAnswerer(v as 'self' | 'other')}
            choices={[
              { value: 'self', label: 'The caller (the patient)' },
              { value: 'other', label: 'Someone else (the caller answers for them)' },
            ]}
          />
          <Button onClick={() => startTriage()} data-testid="start-triage">Start triage</Button>
        </section>
      )}
      {triageRunning && triage && (
        <section aria-label="Triage" className="nhsuk-u-margin-bottom-5">
          {retriageFor && (
            <p className="nhsuk-body">
              <Tag colour="purple">Re-triage</Tag> for the queue entry due {when(retriageFor.dueAt)}
            </p>
          )}
          <TriageRunner view={triage} setView={setTriage} api={STAFF_TRIAGE} onFinished={finished} />
        </section>
      )}
      {c.disposition && !triageRunning && <OutcomeSection view={view} triage={triage} onChange={reload} />}

      <NotesSection caseId={c.id} notes={view.notes} onAdded={reload} closed={c.status === 'closed'} />
      <section aria-labelledby="timeline-heading">
        <h2 className="nhsuk-heading-m" id="timeline-heading">Timeline</h2>
        {timeline.data ? <Timeline entries={timeline.data.timeline} /> : <Loading what="Loading the timeline" />}
      </section>
      {c.status === 'open' && <CloseCase caseId={c.id} onClosed={reload} />}
    </>
  );
}

function OutcomeSection({ view, triage, onChange }: { view: CaseView; triage: TriageSessionView | null; onChange: () => void }) {
  const ref = useReference();
  const c = view.case;
  const d = c.disposition!;
  const [search, setSearch] = useState<CaseSearch | null>(null);
  const [excluded, setExcluded] = useState<SearchOutcome['excluded'] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [referrals, setReferrals] = useState<Referral[] | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const outcome = triage?.session.id === d.triageSessionId ? triage?.outcome : null;
  const loadReferrals = useCallback(() => {
    referralsOfCase(c.id).then(setReferrals, () => setReferrals([]));
  }, [c.id]);
  useEffect(loadReferrals, [loadReferrals]);
  const runSearch = async () => {
    setBusy(true);
    setError(null);
    try {
      setSearch(await call(client.POST('/api/cases/{id}/searches', { params: { path: { id: c.id } }, body: {} })));
      setExcluded(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const explain = async () => {
    if (!search) return;
    try {
      // The case's own search request, as the server built it and sent it back. Its reply schema
      // describes it loosely (the cases service builds it untyped), so it is named here, once.
      const request = search.request as RequestBody<'/api/directory/search'>;
      const r = await call(client.POST('/api/directory/search', { body: { ...request, explain: true, limit: 50 } }));
      setExcluded(r.excluded ?? []);
    } catch (e) {
      setError(e);
    }
  };
  const [passReason, setPassReason] = useState<PassOverCode>('26');
  const refer = async (serviceId: number, name: string, position: number) => {
    setError(null);
    try {
      const passedOver = (search?.results ?? []).filter((r) => r.position < position).map((r) => ({ serviceId: r.serviceId, reasonCode: passReason }));
      await createReferral({ caseId: c.id, serviceId, searchId: search?.searchId, passedOver, summary: d.summary ?? undefined });
      setSent(`Referral sent to ${name}.`);
      loadReferrals();
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  const active = referrals?.find((r) => ['requested', 'accepted', 'booked'].includes(r.status));
  const careAdvice = outcome?.careAdvice ?? [];
  return (
    <>
      <ErrorSummary error={error} />
      <section aria-labelledby="outcome-heading" data-testid="outcome">
        <h2 className="nhsuk-heading-m" id="outcome-heading">Outcome</h2>
        {/* How urgent comes from the disposition catalogue, the same however the page was reached. */}
        {!ref ? (
          <Loading what="Loading the disposition catalogue" />
        ) : (
          <CareCard kind={careKindOf(ref.disposition(d.code))} heading={`${d.code}: ${d.title}`}>
            <p>
              {d.symptomGroupTitle && `${d.symptomGroupTitle} — ${d.symptomDiscriminatorTitle ?? ''}. `}
              From {d.source === 'clinician' ? 'a clinician' : 'triage'} ({d.setByName}, {when(d.setAt)}).
              {d.dueBy && ` Care needed by ${when(d.dueBy)} (${relative(d.dueBy)}).`}
            </p>
            {d.validation && d.validation.status === 'pending' && <p><strong>A clinician will call back to validate this outcome.</strong></p>}
            {outcome?.reasons && outcome.reasons.length > 0 && <p>Why: {outcome.reasons.join('; ')}</p>}
          </CareCard>
        )}
        {d.report.length > 0 && (
          <Details summary={`Triage report (${d.report.length} answers)`}>
            <dl className="nhsuk-summary-list">
              {d.report.map((r) => (
                <div className="nhsuk-summary-list__row" key={r.nodeId}>
                  <dt className="nhsuk-summary-list__key">{r.question}</dt>
                  <dd className="nhsuk-summary-list__value">{r.answer}</dd>
                </div>
              ))}
            </dl>
          </Details>
        )}
      </section>
      <section aria-labelledby="referral-heading">
        <h2 className="nhsuk-heading-m" id="referral-heading">Services and referral</h2>
        {sent && <div className="nhsuk-inset-text" role="status">{sent}</div>}
        {referrals && referrals.length > 0 && (
          <ul className="nhsuk-list" data-testid="referrals">
            {referrals.map((r) => (
              <li key={r.id}>
                <Tag colour={REFERRAL_STATUS[r.status][1]}>{REFERRAL_STATUS[r.status][0]}</Tag> {r.serviceName} — {when(r.requestedAt)}
                {r.appointment?.start && ` · appointment ${when(r.appointment.start)}`}
                {r.rejection?.reason && ` · ${r.rejection.reason}`}
              </li>
            ))}
          </ul>
        )}
        {c.status === 'open' && (
          <Button variant={search ? 'secondary' : 'primary'} onClick={runSearch} disabled={busy} data-testid="find-services">
            {busy ? 'Searching…' : search ? 'Search again' : 'Find services'}
          </Button>
        )}
        {search && (
          <>
            <p className="nhsuk-body" role="status">
              {search.results.length} service(s) for {d.code} within {search.distanceKm} km{search.catchAll ? ' — nothing suitable was found, so the nearest emergency departments are offered' : ''}.
            </p>
            <ol className="nhsuk-list" data-testid="results">
              {search.results.map((r) => (
                <ResultCard
                  key={r.serviceId}
                  r={r}
                  position={r.position}
                  chosen={active?.serviceId === r.serviceId}
                  action={
                    c.status === 'open' && !active ? (
                      <div className="sp-row">
                        {r.position > 1 && (
                          <Select
                            label={`Why not the ${r.position - 1} above?`}
                            value={passReason}
                            onValue={(v) => setPassReason(passOverCode(v))}
                            options={PASS_OVER_CHOICES}
                          />
                        )}
                        <Button small onClick={() => refer(r.serviceId, r.name, r.position)} aria-label={`Refer to ${r.name}`}>
                          Refer to this service
                        </Button>
                      </div>
                    ) : null
                  }
                />
              ))}
            </ol>
            <Details summary="Services not offered, and why" onToggle={(open) => open && excluded === null && explain()}>
              {excluded ? <ExcludedList excluded={excluded} /> : <Loading what="Asking the directory" />}
            </Details>
          </>
        )}
      </section>
      {careAdvice.length > 0 && (
        <section aria-labelledby="advice-heading">
          <h2 className="nhsuk-heading-m" id="advice-heading">Care advice to give</h2>
          {careAdvice.map((a) => (
            <div className="nhsuk-inset-text" key={a.id}>
              <h3 className="nhsuk-heading-s">{a.title}</h3>
              <p>{a.text}</p>
            </div>
          ))}
        </section>
      )}
    </>
  );
}

type CallResult = RequestBody<'/api/queue/{id}/attempts'>['result'];
const CALL_RESULTS: CallResult[] = ['answered', 'no-answer', 'voicemail', 'engaged', 'wrong-number'];
const entry = (e: QueueEntry) => ({ params: { path: { id: e.id } } });

function QueuePanel({ entries, caseId, current, onChange, onRetriage, isClinician }: { entries: QueueEntry[]; caseId: string; current: CaseDisposition | null; onChange: () => void; onRetriage: (e: QueueEntry) => void; isClinician: boolean }) {
  const { actor } = useAuth();
  const ref = useReference();
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<CallResult>('answered');
  const act = async (send: () => Promise<unknown>) => {
    setError(null);
    try {
      await send();
      onChange();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="queue-heading" className="nhsuk-u-margin-bottom-4" data-case={caseId}>
      <ErrorSummary error={error} />
      <h2 className="nhsuk-heading-m" id="queue-heading">Clinical queue</h2>
      {entries.map((e) => (
        <div key={e.id} className={`nhsuk-card ${e.breached ? 'sp-due--breached' : ''}`} data-testid="queue-entry">
          <div className="nhsuk-card__content">
            <p className="nhsuk-body nhsuk-u-margin-bottom-2">
              <Tag colour={e.breached ? 'red' : e.warning ? 'orange' : e.status === 'done' ? 'green' : 'blue'}>{e.status}</Tag> {e.reasons.join(', ')} · {e.disposition}
              {e.validationOf && ` (validating ${e.validationOf})`} · due {when(e.dueAt)} ({relative(e.dueAt)}){e.claimedByName && ` · claimed by ${e.claimedByName}`}
            </p>
            {e.attempts.length > 0 && <p className="nhsuk-body-s">Calls: {e.attempts.map((a) => `${when(a.at)} ${a.result}`).join('; ')}</p>}
            {e.outcome && <p className="nhsuk-body-s">Outcome: {e.outcome.disposition} {e.outcome.validation && `(validation ${e.outcome.validation})`} {e.outcome.summary}</p>}
            {isClinician && e.status === 'waiting' && <Button small onClick={() => act(() => call(client.POST('/api/queue/{id}/claim', entry(e))))}>Claim</Button>}
            {isClinician && e.status === 'claimed' && e.claimedBy === actor?.id && (
              <>
                <div className="sp-row">
                  <Select label="Call result" value={result} onValue={(v) => setResult(CALL_RESULTS.find((r) => r === v) ?? 'answered')} options={CALL_RESULTS.map((r) => ({ value: r, label: r }))} />
                  <Button small variant="secondary" onClick={() => act(() => call(client.POST('/api/queue/{id}/attempts', { ...entry(e), body: { result } })))}>
                    Record call
                  </Button>
                  <Button small variant="secondary" onClick={() => act(() => call(client.POST('/api/queue/{id}/release', entry(e))))}>
                    Release
                  </Button>
                </div>
                <div className="sp-actions">
                  <Button small onClick={() => onRetriage(e)}>Re-triage</Button>
                </div>
                <Details summary="Or set the outcome yourself">
                  {/* Keyed by the case's outcome: a new one (after a reload) starts the form from it again. */}
                  <ClinicianOutcomeForm key={current ? `${current.code}@${current.setAt}` : 'none'} current={current} reference={ref} onRecord={(body) => act(() => call(client.POST('/api/queue/{id}/outcome', { ...entry(e), body })))} />
                </Details>
              </>
            )}
          </div>
        </div>
      ))}
    </section>
  );
}

function NotesSection({ caseId, notes, onAdded, closed }: { caseId: string; notes: CaseView['notes']; onAdded: () => void; closed: boolean }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <section aria-labelledby="notes-heading">
      <h2 className="nhsuk-heading-m" id="notes-heading">Notes</h2>
      <ErrorSummary error={error} />
      {notes.map((n) => (
        <p className="nhsuk-body" key={n.id}>
          <span className="sp-muted nhsuk-body-s">{when(n.createdAt)} {n.authorName}:</span> {n.text}
        </p>
      ))}
      {!closed && (
        <Details summary="Add a note">
          <Textarea label="Note" value={text} onValue={setText} />
          <Button
            small
            variant="secondary"
            onClick={async () => {
              try {
                await call(client.POST('/api/cases/{id}/notes', { params: { path: { id: caseId } }, body: { text } }));
                setText('');
                onAdded();
              } catch (e) {
                setError(e);
              }
            }}
          >
            Add note
          </Button>
        </Details>
      )}
    </section>
  );
}

function CloseCase({ caseId, onClosed }: { caseId: string; onClosed: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <Details summary="Close the case">
      <ErrorSummary error={error} />
      <WarningCallout heading="Closing ends the episode">
        <p>A post-event message goes to the patient's GP where the rules say.</p>
      </WarningCallout>
      <Textarea label="Why is the case closed?" value={reason} onValue={setReason} />
      <Button
        variant="secondary"
        onClick={async () => {
          try {
            await call(client.POST('/api/cases/{id}/close', { params: { path: { id: caseId } }, body: { reason } }));
            onClosed();
          } catch (e) {
            setError(e);
          }
        }}
      >
        Close case
      </Button>
      <p className="nhsuk-body-s">
        <Link to="/calls">Back to cases</Link>
      </p>
    </Details>
  );
}
