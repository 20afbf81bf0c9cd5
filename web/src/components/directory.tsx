// Pieces shared by the directory, capacity and search screens.
import type { ReactNode } from 'react';
import { ageFromDays, calendarDate, time, when } from '../lib/format';
import type { Access, FieldChange, OpeningTimes, Rag } from '../lib/types';
import { WEEKDAYS, WEEKDAY_NAMES } from '../lib/types';

export function RagBadge({ status, label }: { status: Rag; label?: string }) {
  const text = status === 'green' ? 'Green' : status === 'amber' ? 'Amber' : 'Red';
  return (
    <span className={`sp-rag sp-rag--${status}`}>
      {label ? <span className="nhsuk-u-visually-hidden">{label} </span> : null}
      {text}
    </span>
  );
}

export function accessText(access: Access): string[] {
  const parts: string[] = [];
  if (access.walkIn) parts.push('Walk in');
  if (access.phoneFirst) parts.push('Phone first');
  if (access.bookingRequired) parts.push('Booking needed');
  if (access.referralOnly) parts.push('By referral only');
  return parts;
}

export function AccessSummary({ access }: { access: Access }) {
  return (
    <>
      <strong>{accessText(access).join(' · ') || 'Not stated'}</strong>
      {access.instructions && <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">{access.instructions}</p>}
    </>
  );
}

export function ageRangeText(fromDays: number, toDays: number): string {
  if (fromDays === 0 && toDays >= 130 * 365) return 'All ages';
  if (toDays >= 130 * 365) return `${ageFromDays(fromDays)} and over`;
  return `${ageFromDays(fromDays)} to ${ageFromDays(toDays)}`;
}

export function OpeningHoursTable({ hours, caption = 'Opening times' }: { hours: OpeningTimes; caption?: string }) {
  if (hours.alwaysOpen && hours.specifiedDates.length === 0) return <p className="nhsuk-body"><strong>Open 24 hours, every day.</strong></p>;
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
      <thead className="nhsuk-table__head">
        <tr>
          <th scope="col" className="nhsuk-table__header">Day</th>
          <th scope="col" className="nhsuk-table__header">Open</th>
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {WEEKDAYS.map((day) => (
          <tr key={day} className="nhsuk-table__row">
            <th scope="row" className="nhsuk-table__header">{WEEKDAY_NAMES[day]}</th>
            <td className="nhsuk-table__cell">{hours.alwaysOpen ? '24 hours' : sessionsText(hours.weekly[day])}</td>
          </tr>
        ))}
        <tr className="nhsuk-table__row">
          <th scope="row" className="nhsuk-table__header">Bank holidays</th>
          <td className="nhsuk-table__cell">{hours.bankHoliday === null ? 'As the weekday' : sessionsText(hours.bankHoliday)}</td>
        </tr>
        {hours.specifiedDates.map((d) => (
          <tr key={d.date} className="nhsuk-table__row">
            <th scope="row" className="nhsuk-table__header">{calendarDate(d.date)}</th>
            <td className="nhsuk-table__cell">
              {sessionsText(d.sessions)}
              {d.note ? ` (${d.note})` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function sessionsText(sessions: { open: string; close: string }[] | undefined): string {
  if (!sessions || sessions.length === 0) return 'Closed';
  return sessions.map((s) => `${s.open}–${s.close}`).join(', ');
}

/** "Open now until 20:00", "Closed — opens Mon 3 Mar, 08:00". */
export function openingLine(openNow: boolean, opensAt: string | null, closesAt: string | null): string {
  if (openNow) return closesAt ? `Open now until ${when(closesAt)}` : 'Open now (24 hours)';
  return opensAt ? `Closed — opens ${when(opensAt)}` : 'Closed';
}

const SECTION_NAMES: Record<string, string> = {
  typeId: 'Service type',
  status: 'Status',
  organisationId: 'Organisation',
  parentId: 'Parent service',
  odsCode: 'ODS code',
  name: 'Name',
  publicName: 'Public name',
  description: 'Description',
  address: 'Address',
  location: 'Location',
  contacts: 'Contacts',
  access: 'Access',
  referralEndpoints: 'Referral endpoints',
  referralRoles: 'Who may refer',
  eligibility: 'Eligibility',
  coverage: 'Clinical coverage',
  openingTimes: 'Opening times',
  areas: 'Areas',
  verificationIntervalDays: 'Verification interval (days)',
  weekly: '',
  ageFromDays: 'Age from (days)',
  ageToDays: 'Age to (days)',
  sexes: 'Sexes',
  registeredPractices: 'Registered practices only',
  dispositions: 'Dispositions',
  symptoms: 'Symptom group / discriminator',
  alwaysOpen: 'Open 24/7',
  bankHoliday: 'Bank holidays',
  specifiedDates: 'Specific dates',
  walkIn: 'Walk in',
  phoneFirst: 'Phone first',
  referralOnly: 'Referral only',
  bookingRequired: 'Booking required',
  instructions: 'Instructions',
  commissionedFor: 'Commissioned for',
  limitedTo: 'Limited to',
  promotedInto: 'Promoted into',
  publicPhone: 'Public phone',
  professionalPhone: 'Professional phone',
  ...WEEKDAY_NAMES,
};

/** "openingTimes.weekly.mon.0.close" → "Opening times › Monday › session 1 › close". */
export function readablePath(path: string): string {
  const parts = path.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (/^\d+$/.test(part)) {
      const parent = parts[i - 1];
      out.push(parent === 'symptoms' ? `pair ${Number(part) + 1}` : parent === 'specifiedDates' ? `date ${Number(part) + 1}` : parent === 'referralEndpoints' ? `endpoint ${Number(part) + 1}` : `session ${Number(part) + 1}`);
      continue;
    }
    const name = SECTION_NAMES[part] ?? part;
    if (name) out.push(name);
  }
  return out.join(' › ');
}

type Entry = Record<string, unknown>;
const isEntry = (v: unknown): v is Entry => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A dated opening or closure in words: "Thu 24 Dec 2026: closed (Christmas Eve)". */
export function specifiedDateText(d: { date: string; sessions: { open: string; close: string }[]; note?: string }): string {
  return `${calendarDate(d.date)}: ${sessionsText(d.sessions)}${d.note ? ` (${d.note})` : ''}`;
}

/** One entry of a profile list in words, if it is a kind the directory has; else null. */
function entryText(v: Entry): string | null {
  if (typeof v.date === 'string' && Array.isArray(v.sessions)) return specifiedDateText(v as Parameters<typeof specifiedDateText>[0]);
  if (typeof v.kind === 'string' && typeof v.address === 'string') return `${v.kind}: ${v.address}${v.description ? ` (${String(v.description)})` : ''}`;
  if (typeof v.sg === 'number' && typeof v.sd === 'string') return `SG ${v.sg} / SD ${v.sd}`;
  if (typeof v.open === 'string' && typeof v.close === 'string') return `${v.open}–${v.close}`;
  return null;
}

/** A field's value as people read it: words for dates, endpoints, sessions and codes; JSON only for what has no words. */
export function JsonValue({ value }: { value: unknown }): ReactNode {
  if (value === null || value === undefined) return <span className="sp-muted">(none)</span>;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.length ? value.join(', ') : <span className="sp-muted">(none)</span>;
  if (Array.isArray(value) && value.every((v) => v && typeof v === 'object' && 'open' in v && 'close' in v)) return sessionsText(value as { open: string; close: string }[]);
  if (Array.isArray(value) && value.every((v) => isEntry(v) && entryText(v) !== null)) {
    return (
      <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
        {value.map((v, i) => (
          <li key={i}>{entryText(v as Entry)}</li>
        ))}
      </ul>
    );
  }
  if (isEntry(value) && entryText(value) !== null) return entryText(value);
  return <pre className="sp-pre">{JSON.stringify(value, null, 2)}</pre>;
}


export function DiffTable({ diff, caption, labels = ['Now', 'Proposed'] }: { diff: FieldChange[]; caption?: ReactNode; labels?: [string, string] }) {
  if (diff.length === 0) return <p className="nhsuk-body">No differences: the proposal matches the service as it is now.</p>;
  return (
    <div className="sp-table-scroll">
      <table className="nhsuk-table" data-testid="diff">
        {caption && <caption className="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>}
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col" className="nhsuk-table__header">Field</th>
            <th scope="col" className="nhsuk-table__header">{labels[0]}</th>
            <th scope="col" className="nhsuk-table__header">{labels[1]}</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {diff.map((d, i) => (
            <tr key={`${d.path}:${i}`} className="nhsuk-table__row" data-change={d.change}>
              <th scope="row" className="nhsuk-table__header nhsuk-u-font-weight-normal">{readablePath(d.path)}</th>
              {d.change && d.words ? (
                // One entry of a list: said in words ("Added: Thu 24 Dec 2026 closed"), across both columns.
                <td className="nhsuk-table__cell" colSpan={2}>
                  <span className={d.change === 'removed' ? 'sp-diff-before' : 'sp-diff-after'}>
                    {d.words}
                  </span>
                </td>
              ) : (
                <>
              <td className="nhsuk-table__cell">
                <span className="sp-diff-before"><span className="nhsuk-u-visually-hidden">was </span><JsonValue value={d.before} /></span>
              </td>
              <td className="nhsuk-table__cell">
                <span className="sp-diff-after"><span className="nhsuk-u-visually-hidden">becomes </span><JsonValue value={d.after} /></span>
              </td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function resetText(resetAt: string | null | undefined): string {
  return resetAt ? `resets ${when(resetAt)}` : '';
}

export { time };
