// Patient online: the outcome in plain words — what to do, how soon, where to go and how to get in,
// how to look after themselves. How urgent comes from the disposition catalogue (lib/urgency.ts).
import { openingLine } from '../../components/directory';
import { Button, CareCard, WarningCallout } from '../../components/nhs';
import type { Outcome, SearchResult } from '../../lib/types';
import { careKindOf, timeframeText, type CareKind } from '../../lib/urgency';

const CALLBACK_GROUPS = new Set(['clinician-callback', 'validation-callback']);
const capitalise = (text: string) => text.replace(/^[a-z]/, (c) => c.toUpperCase());

/**
 * What to tell the patient, in plain words. `timeframe` and `group` are the disposition catalogue's
 * (either timeframe form); the title only chooses the words of the heading when the group is unknown.
 */
export function plainOutcome(disposition: string, title: string, timeframe: unknown, group?: string): { kind: CareKind; heading: string; when: string } {
  const kind = careKindOf({ group, timeframe });
  const within = timeframeText(timeframe);
  const t = title.toLowerCase();
  const g = group ?? '';
  if (g.startsWith('ambulance') || g === 'police' || /ambulance|999/.test(t)) return { kind, heading: 'Call 999 now', when: 'Now. Do not wait.' };
  if (g === 'emergency-department' || /emergency department|a&e|\bed\b/.test(t)) return { kind, heading: 'Go to A&E now', when: 'As soon as you can' };
  if (g === 'self-care' || (!g && /self.?care|home care|look after/.test(t))) return { kind, heading: 'You can look after yourself at home', when: 'Follow the advice below' };
  if (CALLBACK_GROUPS.has(g) || /speak to a clinician|call.?back|clinician/.test(t)) return { kind, heading: 'A nurse or doctor needs to speak to you', when: 'Ask for a call-back below, or call 111' };
  if (/pharmac/.test(t)) return { kind, heading: 'See a pharmacist', when: within ? capitalise(within) : 'Today or tomorrow' };
  return { kind, heading: capitalise(title || disposition), when: within ? capitalise(within) : kind === 'non-urgent' ? 'Soon, but it is not urgent' : '' };
}

export interface OnlineOutcomeProps {
  outcome: Outcome;
  /** The disposition's catalogue entry, once loaded. */
  catalogue?: { group: string; timeframe: unknown };
  /** The server said the outcome is self-care (no services are searched for). */
  selfCare?: boolean;
  /** Services near the patient: null while they are being found. */
  services: SearchResult[] | null;
  catchAll: boolean;
  onCallback: () => void;
}

export function OnlineOutcome({ outcome: o, catalogue, selfCare: toldSelfCare, services, catchAll, onCallback }: OnlineOutcomeProps) {
  const plain = plainOutcome(o.disposition, o.dispositionTitle, catalogue?.timeframe ?? o.timeframe, catalogue?.group);
  // Self-care: the advice is the answer. No services, and no "nearest A&E" above the advice.
  const selfCare = toldSelfCare || catalogue?.group === 'self-care';
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>What to do next</h1>
      <CareCard kind={plain.kind} heading={plain.heading}>
        {plain.when && <p><strong>When:</strong> {plain.when}</p>}
        <p>{o.dispositionTitle}.</p>
        {o.reasons.length > 0 && <p className="nhsuk-body-s">Because you told us: {o.reasons.join('; ')}</p>}
      </CareCard>
      {!selfCare && plain.kind !== 'emergency' && <WhereToGo services={services} catchAll={catchAll} />}
      {o.careAdvice.length > 0 && (
        <section data-testid="care-advice">
          <h2 className="nhsuk-heading-m">Looking after yourself</h2>
          {o.careAdvice.map((a) => (
            <div key={a.id}>
              <h3 className="nhsuk-heading-s">{a.title}</h3>
              <p className="nhsuk-body">{a.text}</p>
            </div>
          ))}
        </section>
      )}
      {selfCare && (
        <WarningCallout heading="If you get worse">
          <p>Call 111, or use this service again. Call 999 if it is an emergency.</p>
        </WarningCallout>
      )}
      {plain.kind !== 'emergency' && (
        <>
          <h2 className="nhsuk-heading-m">Would you like a nurse or doctor to call you?</h2>
          <p className="nhsuk-body">If you are not sure what to do, or things change, we can ask a clinician to call you back.</p>
          <Button variant="secondary" onClick={onCallback} data-testid="ask-callback">
            Ask for a call-back
          </Button>
        </>
      )}
    </>
  );
}

function WhereToGo({ services, catchAll }: { services: SearchResult[] | null; catchAll: boolean }) {
  return (
    <>
      <h2 className="nhsuk-heading-m">{catchAll ? 'If you cannot wait: the nearest A&E' : 'Where to go'}</h2>
      {services === null ? (
        <p className="nhsuk-body" role="status">Finding services near you…</p>
      ) : services.length === 0 ? (
        <p className="nhsuk-body">We could not find a service you can go to yourself. Call 111 and they will help.</p>
      ) : (
        <ul className="nhsuk-list" data-testid="online-services">
          {services.map((s) => (
            <li key={s.serviceId} className="nhsuk-card">
              <div className="nhsuk-card__content">
                <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">{s.publicName}</h3>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                  {[...s.address.lines, s.address.town, s.address.postcode].join(', ')} · {s.distanceKm} km away
                </p>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                  <strong>{openingLine(s.openNow, s.opensAt, s.closesAt)}</strong>
                </p>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
                  <strong>How to get in:</strong>{' '}
                  {s.access.walkIn ? 'You can walk in.' : s.access.phoneFirst ? `Phone first${s.contacts.publicPhone ? ` on ${s.contacts.publicPhone}` : ''}.` : s.access.bookingRequired ? 'You need to book.' : 'Ask for a referral.'}{' '}
                  {s.access.instructions}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
