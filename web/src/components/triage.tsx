// One question at a time, with back and change: used by call handlers, clinicians (re-triage) and,
// through the public online routes, by patients themselves.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api';
import { describeHours, HOURS_PER, toHours, type DurationUnit } from '../lib/duration';
import type { AnswerValue, PathwayHit, QuestionView, TriageSessionView } from '../lib/types';
import { Button, Checkboxes, ErrorSummary, Radios, Select, TextInput, WarningCallout } from './nhs';

export interface TriageApi {
  /** e.g. /api/triage/sessions or /api/online/sessions */
  base: string;
  /** e.g. /api/triage/pathways or /api/online/pathways */
  pathways: string;
}

export const STAFF_TRIAGE: TriageApi = { base: '/api/triage/sessions', pathways: '/api/triage/pathways' };
export const ONLINE_TRIAGE: TriageApi = { base: '/api/online/sessions', pathways: '/api/online/pathways' };

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
  const units = question.units?.length ? question.units : DURATION_UNITS;
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

  const call = async (path: string, body: unknown, method: 'POST' | 'PUT' = 'POST') => {
    setBusy(true);
    setError(null);
    try {
      const next = await api<TriageSessionView>(`${endpoints.base}/${sessionId}${path}`, { method, body });
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
        <OfferedPathways choices={error.choices} busy={busy} patient={patient} onChoose={(pathwayId) => call('/pathway', { pathwayId })} />
      )}
      {view.session.status === 'needs-pathway' && !changing ? (
        <PathwayChooser endpoints={endpoints} patient={patient} view={view} onChoose={(pathwayId) => call('/pathway', { pathwayId })} busy={busy} />
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
            onAnswer={(value) => (changing ? call(`/answers/${encodeURIComponent(changing)}`, { value }, 'PUT') : call('/answers', { nodeId: question.nodeId, value }))}
          />
          <div className="sp-actions">
            {answers.length > 0 && !changing && (
              <button type="button" className="sp-link-button" onClick={() => call('/back', {})} disabled={busy}>
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
    const params = new URLSearchParams({ ageDays: String(view.session.patient.ageDays), sex: view.session.patient.sex });
    if (q.trim()) params.set('q', q.trim());
    if (view.session.areaCode) params.set('areaCode', view.session.areaCode);
    const t = window.setTimeout(() => {
      api<{ pathways: PathwayHit[] }>(`${endpoints.pathways}?${params}`, { signal: controller.signal })
        .then((r) => setHits(r.pathways))
        .catch(() => undefined);
    }, 150);
    return () => {
      window.clearTimeout(t);
      controller.abort();
    };
  }, [q, endpoints.pathways, view.session.patient, view.session.areaCode]);
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
