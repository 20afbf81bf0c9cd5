// One question at a time, with back and change: used by call handlers, clinicians (re-triage) and,
// through the public online routes, by patients themselves.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, call, client } from '../lib/api';
import { describeHours, HOURS_PER, toHours, type DurationUnit } from '../lib/duration';
import type { AnswerValue, PathwayHit, QuestionView, TriageSessionView } from '../lib/types';
import { Button, Checkboxes, ErrorSummary, Radios, Select, TextInput, WarningCallout } from './nhs';

type PathwayQuery = { ageDays: number; sex: TriageSessionView['session']['patient']['sex']; q?: string; areaCode?: string };

/** The routes a triage runs on: staff (signed in) or patient online (public); each step answers with the session as it now is. */
export interface TriageApi {
  answer(sessionId: string, nodeId: string, value: AnswerValue): Promise<TriageSessionView>;
  change(sessionId: string, nodeId: string, value: AnswerValue): Promise<TriageSessionView>;
  back(sessionId: string): Promise<TriageSessionView>;
  choosePathway(sessionId: string, pathwayId: string): Promise<TriageSessionView>;
  pathways(query: PathwayQuery, signal: AbortSignal): Promise<PathwayHit[]>;
}

const session = (id: string) => ({ path: { id } });
const answer = (id: string, nodeId: string) => ({ path: { id, nodeId } });

export const STAFF_TRIAGE: TriageApi = {
  answer: (id, nodeId, value) => call(client.POST('/api/triage/sessions/{id}/answers', { params: session(id), body: { nodeId, value } })),
  change: (id, nodeId, value) => call(client.PUT('/api/triage/sessions/{id}/answers/{nodeId}', { params: answer(id, nodeId), body: { value } })),
  back: (id) => call(client.POST('/api/triage/sessions/{id}/back', { params: session(id) })),
  choosePathway: (id, pathwayId) => call(client.POST('/api/triage/sessions/{id}/pathway', { params: session(id), body: { pathwayId } })),
  pathways: (query, signal) => call(client.GET('/api/triage/pathways', { params: { query }, signal })).then((r) => r.pathways),
};

export const ONLINE_TRIAGE: TriageApi = {
  answer: (id, nodeId, value) => call(client.POST('/api/online/sessions/{id}/answers', { params: session(id), body: { nodeId, value } })),
  change: (id, nodeId, value) => call(client.PUT('/api/online/sessions/{id}/answers/{nodeId}', { params: answer(id, nodeId), body: { value } })),
  back: (id) => call(client.POST('/api/online/sessions/{id}/back', { params: session(id) })),
  choosePathway: (id, pathwayId) => call(client.POST('/api/online/sessions/{id}/pathway', { params: session(id), body: { pathwayId } })),
  // Patients have no area: the online pathway search takes none.
  pathways: ({ areaCode: _area, ...query }, signal) => call(client.GET('/api/online/pathways', { params: { query }, signal })).then((r) => r.pathways),
};

const DURATION_UNITS: DurationUnit[] = ['hours', 'days', 'weeks'];

function answerLabel(q: { kind?: string; options?: { id: string; label: string }[] } | undefined, value: AnswerValue): string {
  if (q?.kind === 'duration' && typeof value === 'number') return describeHours(value);
  if (Array.isArray(value)) return value.map((v) => q?.options?.find((o) => o.id === v)?.label ?? v).join(', ');
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return q?.options?.find((o) => o.id === value)?.label ?? String(value);
}

export function QuestionForm({ question, onAnswer, busy, patient }: { question: QuestionView; onAnswer: (value: AnswerValue) => void; busy: boolean; patient?: boolean }) {
  const [single, setSingle] = useState<string | undefined>(undefined);
  const [multi, setMulti] = useState<string[]>([]);
  const [text, setText] = useState('');
  const units: DurationUnit[] = question.units?.length ? question.units : DURATION_UNITS;
  const [unit, setUnit] = useState<DurationUnit>(units.includes('days') ? 'days' : units[0]);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    setSingle(undefined);
    setMulti([]);
    setText('');
    setError(undefined);
  }, [question.nodeId]);
  const choices = (question.options ?? (question.kind === 'yes-no' ? [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] : [])).map((o) => ({
    value: o.id,
    label: o.label,
    exclusive: 'exclusive' in o ? o.exclusive : undefined,
  }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (question.kind === 'multiple') {
      if (multi.length < (question.minSelected ?? 1)) return setError('Select at least one option');
      return onAnswer(multi);
    }
    if (question.kind === 'number') {
      const n = Number(text);
      if (text.trim() === '' || !Number.isFinite(n)) return setError(`Enter a number${question.unit ? ` in ${question.unit}` : ''}`);
      if (question.min !== undefined && n < question.min) return setError(`Enter ${question.min} or more`);
      if (question.max !== undefined && n > question.max) return setError(`Enter ${question.max} or less`);
      return onAnswer(question.integer ? Math.round(n) : n);
    }
    if (question.kind === 'duration') {
      const hours = toHours(text, unit);
      if (hours === null) return setError(`Enter how many ${unit}, like 3`);
      if (question.max !== undefined && hours > question.max) return setError(`Enter ${describeHours(question.max)} or less`);
      if (question.min !== undefined && hours < question.min) return setError(`Enter ${describeHours(question.min)} or more`);
      return onAnswer(hours);
    }
    if (question.kind === 'date') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return setError('Enter a date');
      return onAnswer(text);
    }
    if (!single) return setError('Select an answer');
    onAnswer(single);
  };
  const legend = question.text;
  const hint = question.help;
  return (
    <form onSubmit={submit} noValidate data-testid="question" data-node-id={question.nodeId}>
      {question.kind === 'multiple' ? (
        <Checkboxes legend={legend} hint={hint} error={error} name={question.nodeId} choices={choices} values={multi} onValues={setMulti} legendSize={patient ? 'l' : 'm'} isPageHeading={Boolean(patient)} />
      ) : question.kind === 'duration' ? (
        <>
          {patient ? <h1 className="nhsuk-heading-l" tabIndex={-1}>{legend}</h1> : <h2 className="nhsuk-heading-m">{legend}</h2>}
          <div className="sp-row">
            <TextInput label="How long" hint={hint} error={error} inputMode="decimal" value={text} onValue={setText} width={3} data-testid="duration-value" />
            <Select label="Hours, days or weeks" value={unit} onValue={(v) => setUnit(v as DurationUnit)} options={units.filter((u) => u in HOURS_PER).map((u) => ({ value: u, label: u }))} data-testid="duration-unit" />
          </div>
        </>
      ) : question.kind === 'number' || question.kind === 'date' ? (
        <>
          {patient ? <h1 className="nhsuk-heading-l" tabIndex={-1}>{legend}</h1> : <h2 className="nhsuk-heading-m">{legend}</h2>}
          <TextInput
            label={question.kind === 'date' ? 'Date' : `Answer${question.unit ? ` (${question.unit})` : ''}`}
            hint={hint}
            error={error}
            type={question.kind === 'date' ? 'date' : 'text'}
            inputMode={question.kind === 'number' ? 'decimal' : undefined}
            min={question.earliestDate}
            max={question.latestDate}
            value={text}
            onValue={setText}
            width={question.kind === 'number' ? 5 : undefined}
          />
        </>
      ) : (
        <Radios legend={legend} hint={hint} error={error} name={question.nodeId} choices={choices} value={single} onValue={setSingle} inline={question.kind === 'yes-no' && !patient} legendSize={patient ? 'l' : 'm'} isPageHeading={Boolean(patient)} />
      )}
      <Button type="submit" disabled={busy}>
        Continue
      </Button>
    </form>
  );
}

/** Runs a triage session until it finishes; the parent shows the outcome. */
export function TriageRunner({ view, setView, api: endpoints, patient, onFinished, allowChange = true }: {
  view: TriageSessionView;
  setView: (v: TriageSessionView) => void;
  api: TriageApi;
  patient?: boolean;
  onFinished?: (v: TriageSessionView) => void;
  allowChange?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [seen, setSeen] = useState<Record<string, QuestionView>>({});
  const [changing, setChanging] = useState<string | null>(null);
  const sessionId = view.session.id;
  useEffect(() => {
    if (view.question) setSeen((s) => ({ ...s, [view.question!.nodeId]: view.question! }));
  }, [view.question]);

  const step = async (send: () => Promise<TriageSessionView>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await send();
      setView(next);
      setChanging(null);
      if (next.session.status === 'finished') onFinished?.(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const question = changing ? seen[changing] : view.question;
  const emergency = question?.pathwayId === 'emergency';
  const answers = view.session.answers;
  return (
    <div data-testid="triage">
      <ErrorSummary error={error} />
      {error instanceof ApiError && error.choices.length > 0 && view.session.status === 'needs-pathway' && (
        <OfferedPathways choices={error.choices} busy={busy} patient={patient} onChoose={(pathwayId) => step(() => endpoints.choosePathway(sessionId, pathwayId))} />
      )}
      {view.session.status === 'needs-pathway' && !changing ? (
        <PathwayChooser endpoints={endpoints} patient={patient} view={view} onChoose={(pathwayId) => step(() => endpoints.choosePathway(sessionId, pathwayId))} busy={busy} />
      ) : question ? (
        <>
          <p className="sp-question-meta nhsuk-body-s">
            {emergency ? <strong>Emergency questions first</strong> : question.pathwayTitle}
            {!patient && ` · question ${answers.length + 1}`}
            {changing && ' · changing an earlier answer: later answers will be asked again'}
          </p>
          {emergency && !patient && answers.length === 0 && (
            <WarningCallout heading="Emergency screen">
              <p>Ask these before anything else. Any yes ends triage with an emergency response.</p>
            </WarningCallout>
          )}
          <QuestionForm
            question={question}
            busy={busy}
            patient={patient}
            onAnswer={(value) => step(() => (changing ? endpoints.change(sessionId, changing, value) : endpoints.answer(sessionId, question.nodeId, value)))}
          />
          <div className="sp-actions">
            {answers.length > 0 && !changing && (
              <button type="button" className="sp-link-button" onClick={() => step(() => endpoints.back(sessionId))} disabled={busy}>
                Back to the previous question
              </button>
            )}
            {changing && (
              <button type="button" className="sp-link-button" onClick={() => setChanging(null)}>
                Cancel the change
              </button>
            )}
          </div>
        </>
      ) : null}
      {answers.length > 0 && allowChange && (
        <details className="nhsuk-details nhsuk-u-margin-top-4" open={!patient}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Answers so far ({answers.length})</span>
          </summary>
          <div className="nhsuk-details__text">
            <dl className="nhsuk-summary-list">
              {answers.map((a) => {
                const q = seen[a.nodeId];
                return (
                  <div className="nhsuk-summary-list__row" key={a.nodeId}>
                    <dt className="nhsuk-summary-list__key">{q?.text ?? a.nodeId}</dt>
                    <dd className="nhsuk-summary-list__value">{answerLabel(q, a.value)}</dd>
                    <dd className="nhsuk-summary-list__actions">
                      {q && (
                        <button type="button" className="sp-link-button" onClick={() => setChanging(a.nodeId)}>
                          Change<span className="nhsuk-u-visually-hidden"> {q.text}</span>
                        </button>
                      )}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </div>
        </details>
      )}
    </div>
  );
}

/** No dead ends: when the chosen pathway is not for this patient, the ones the server offers instead. */
function OfferedPathways({ choices, busy, patient, onChoose }: { choices: { id: string; title: string }[]; busy: boolean; patient?: boolean; onChoose: (id: string) => void }) {
  const [chosen, setChosen] = useState<string | undefined>();
  return (
    <form
      data-testid="offered-pathways"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) onChoose(chosen);
      }}
      noValidate
    >
      <Radios
        legend={patient ? 'That is not for this age. Does one of these fit instead?' : 'Not for this patient. Pathways that do apply'}
        legendSize="s"
        name="offered-pathway"
        value={chosen}
        onValue={setChosen}
        choices={choices.map((c) => ({ value: c.id, label: c.title }))}
      />
      <Button type="submit" disabled={!chosen || busy}>
        Use this instead
      </Button>
    </form>
  );
}

function PathwayChooser({ endpoints, view, onChoose, busy, patient }: { endpoints: TriageApi; view: TriageSessionView; onChoose: (id: string) => void; busy: boolean; patient?: boolean }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<PathwayHit[]>([]);
  const [chosen, setChosen] = useState<string | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    // The session's own age in days: converting to years here would make a first birthday an infant again.
    const query = { ageDays: view.session.patient.ageDays, sex: view.session.patient.sex, q: q.trim() || undefined, areaCode: view.session.areaCode ?? undefined };
    const t = window.setTimeout(() => {
      endpoints
        .pathways(query, controller.signal)
        .then(setHits)
        .catch(() => undefined);
    }, 150);
    return () => {
      window.clearTimeout(t);
      controller.abort();
    };
  }, [q, endpoints, view.session.patient, view.session.areaCode]);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen) onChoose(chosen);
      }}
      noValidate
    >
      {patient ? (
        <h1 className="nhsuk-heading-l" tabIndex={-1}>
          What is the main problem?
        </h1>
      ) : (
        <h2 className="nhsuk-heading-m">Choose the pathway</h2>
      )}
      <TextInput label={patient ? 'Search for a symptom' : 'Search pathways'} hint="For example: back pain, cough, rash" value={q} onValue={setQ} type="search" width={20} />
      <Radios
        legend={patient ? 'Choose the symptom that fits best' : 'Pathways'}
        legendSize="s"
        name="pathway"
        small
        value={chosen}
        onValue={setChosen}
        choices={hits.slice(0, 30).map((h) => ({ value: h.pathwayId, label: h.title }))}
      />
      {hits.length === 0 && <p className="nhsuk-body">Nothing matches. Try other words.</p>}
      <Button type="submit" disabled={!chosen || busy}>
        Continue
      </Button>
    </form>
  );
}

export { answerLabel };
