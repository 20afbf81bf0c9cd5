// Pieces of the case screens: patient banner, warnings, directory results, timeline.
import type { ReactNode } from 'react';
import { AccessSummary, openingLine, RagBadge } from '../../components/directory';
import { Button, Tag } from '../../components/nhs';
import { ageOf, patientName, type Case, type RepeatMatch, type SpecialNote, type TimelineEntry } from '../../lib/cases';
import { date, formatNhsNumber, when } from '../../lib/format';
import { Link } from '../../lib/router';
import type { SearchResult } from '../../lib/types';

export function PatientBanner({ c }: { c: Case }) {
  const p = c.patient;
  const age = ageOf(p.dateOfBirth);
  return (
    <div className="nhsuk-card nhsuk-u-margin-bottom-4" data-testid="patient-banner">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m nhsuk-u-margin-bottom-2">
          {patientName(p)} <span className="sp-muted nhsuk-body">({age.years} years, {p.sex})</span>
        </h2>
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
          Born {date(p.dateOfBirth)} · NHS number {p.nhsNumber ? formatNhsNumber(p.nhsNumber) : 'not known'} · {p.postcode ?? p.address?.postcode ?? 'no postcode'}
          {c.currentLocation && ` · now at ${c.currentLocation.postcode}`}
          {p.phone && ` · call back on ${p.phone}`}
          {p.registeredPractice && ` · GP ${p.registeredPractice}`}
        </p>
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
          Problem: <strong>{c.presentingProblem}</strong> · {c.caller && c.caller.relationship !== 'self' ? `Caller: ${c.caller.name ?? ''} (${c.caller.relationship})` : 'The patient is calling'}
          {c.communicationNeeds?.interpreterRequired && ` · Interpreter needed (${c.communicationNeeds.language ?? 'language not given'})`}
        </p>
      </div>
    </div>
  );
}

const NOTE_NAMES: Record<string, string> = { 'end-of-life': 'End of life', 'long-term-condition': 'Long-term condition', safeguarding: 'Safeguarding', 'reasonable-adjustments': 'Reasonable adjustments' };

export function SpecialNotes({ notes }: { notes: SpecialNote[] }) {
  if (!notes.length) return null;
  return (
    <section aria-label="Special patient notes" data-testid="special-notes">
      {notes.map((n) => (
        <div key={n.id} className={`sp-note${n.category === 'safeguarding' ? ' sp-note--danger' : ''}`} role="note">
          <p className="nhsuk-body nhsuk-u-margin-bottom-1">
            <strong>Special patient note — {NOTE_NAMES[n.category] ?? n.category}: {n.title}</strong>
          </p>
          <p className="nhsuk-body nhsuk-u-margin-bottom-1" style={{ whiteSpace: 'pre-wrap' }}>
            {n.text}
          </p>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-0 sp-muted">
            By {n.authorName} ({n.organisationId}) · review by {date(n.reviewDate)} {n.reviewOverdue && <Tag colour="orange">Review overdue</Tag>}
          </p>
        </div>
      ))}
    </section>
  );
}

export function RepeatCallerWarning({ c, onDecide }: { c: Case; onDecide?: (decision: 'confirm' | 'reject') => void }) {
  const rc = c.repeatCaller;
  if (rc.status === 'none' || rc.status === 'not-repeat') return null;
  return (
    <div className="nhsuk-warning-callout" data-testid="repeat-caller" role="alert">
      <h3 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>
          {rc.status === 'possible' ? 'Possible repeat caller' : 'Repeat caller'}
        </span>
      </h3>
      <p>
        {rc.matches.length} earlier contact(s) in the last 96 hours{rc.status === 'repeat' || rc.status === 'confirmed' ? ': a clinician will review this case.' : '. Check the details below with the caller.'}
      </p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {rc.matches.map((m: RepeatMatch) => (
          <li key={m.caseId}>
            {when(m.openedAt)}: {m.presentingProblem}
            {m.disposition ? ` → ${m.disposition}` : ''} <span className="sp-muted">(matched on {m.basis === 'nhs-number' ? 'NHS number' : m.matched.join(', ')})</span>{' '}
            <Link to={`/cases/${m.caseId}`}>open</Link>
          </li>
        ))}
      </ul>
      {rc.status === 'possible' && onDecide && (
        <div className="sp-actions">
          <Button small onClick={() => onDecide('confirm')}>
            Same patient: confirm repeat caller
          </Button>
          <Button small variant="secondary" onClick={() => onDecide('reject')}>
            Not the same patient
          </Button>
        </div>
      )}
    </div>
  );
}

function capacityLine(r: SearchResult): ReactNode {
  return (
    <>
      <RagBadge status={r.capacity.status} label="Capacity" />
      {r.capacity.reason ? ` ${r.capacity.reason}` : ''}
      {r.capacity.resetAt && r.capacity.status !== 'green' ? ` (until ${when(r.capacity.resetAt)})` : ''}
    </>
  );
}

export function ResultCard({ r, position, action, chosen }: { r: SearchResult; position: number; action?: ReactNode; chosen?: boolean }) {
  return (
    <li className={`nhsuk-card sp-result${chosen ? ' sp-result--chosen' : ''}`} data-testid="result" data-service-id={r.serviceId}>
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">
          {position}. {r.name} {r.catchAll && <Tag colour="orange">Catch-all</Tag>}
        </h3>
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
          {r.typeName} · {r.distanceKm} km · {[...r.address.lines, r.address.town, r.address.postcode].join(', ')}
        </p>
        <dl className="nhsuk-summary-list nhsuk-summary-list--no-border nhsuk-u-margin-bottom-2">
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Why chosen</dt>
            <dd className="nhsuk-summary-list__value">{r.reasons.join('; ')}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Open</dt>
            <dd className="nhsuk-summary-list__value">{openingLine(r.openNow, r.opensAt, r.closesAt)}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Capacity</dt>
            <dd className="nhsuk-summary-list__value">{capacityLine(r)}</dd>
          </div>
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">How to get in</dt>
            <dd className="nhsuk-summary-list__value">
              <AccessSummary access={r.access} />
              {r.contacts.professionalPhone && <div className="nhsuk-body-s">Professional line: {r.contacts.professionalPhone}</div>}
              {r.contacts.publicPhone && <div className="nhsuk-body-s">Public: {r.contacts.publicPhone}</div>}
            </dd>
          </div>
        </dl>
        {action}
      </div>
    </li>
  );
}

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  if (!entries.length) return <p className="nhsuk-body">Nothing yet.</p>;
  return (
    <ol className="sp-timeline" data-testid="timeline">
      {entries.map((e) => (
        <li key={e.eventId}>
          <span className="nhsuk-body-s sp-muted">{when(e.at)} · {e.kind}</span>
          <br />
          {e.summary}
          {typeof e.details.text === 'string' && <div className="nhsuk-body-s" style={{ whiteSpace: 'pre-wrap' }}>{e.details.text}</div>}
        </li>
      ))}
    </ol>
  );
}
