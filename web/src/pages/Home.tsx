import { EscalationPanel } from '../components/escalation';
import { navFor } from '../components/Layout';
import { NavCard } from '../components/nhs';
import { client, useApi } from '../lib/api';
import { hasRole, ROLE_NAMES, useAuth, type Role } from '../lib/auth';

const DESCRIPTIONS: Record<string, string> = {
  '/calls/new': 'Open a case for a caller: patient details, checks, then triage.',
  '/calls': 'Cases opened today and their state.',
  '/clinical/queue': 'Call-backs and validations waiting for a clinician, by when they are due.',
  '/provider/inbox': 'Referrals sent to your services, as they arrive.',
  '/provider/capacity': 'Set green, amber or red for your services, with a reason and reset time.',
  '/provider/services': "Your services' directory profiles; propose changes.",
  '/dos/services': 'Browse, check and edit the Directory of Services.',
  '/dos/approvals': 'Proposed directory changes waiting for a second person.',
  '/dos/verification': 'Profiles whose verification is due or overdue.',
  '/governance': 'Triage content versions: review, approve, publish, replay impact.',
  '/capacity': 'Live capacity of every service in the community.',
  '/insight/gaps': 'Where searches turned patients away: by hour of week, area and disposition.',
  '/insight/coverage': 'Where and when no service could be returned for a disposition.',
  '/modelling/surge': 'Demand forecast for the next 14 days and each area’s escalation level, live.',
  '/admin/users': 'Accounts: deactivate and reactivate, reset passwords, end sessions.',
  '/admin/tokens': "Other systems' API tokens: expiry, last use, revoke.",
};

const INTRO: Partial<Record<Role, string>> = {
  call_handler: 'Take calls: open a case, triage, find the right service and refer.',
  clinician: 'Work the clinical queue, re-triage and refer onward.',
  provider_staff: 'Receive referrals, keep your capacity and profiles up to date.',
  dos_lead: 'Keep the directory right: profiles, approvals and verification.',
  clinical_governance: 'Govern the triage content your services run on.',
  commissioner: 'See capacity, gaps and unmet need across the community.',
  admin: 'Every workspace of Signpost.',
};

function Counts() {
  const { actor } = useAuth();
  const isDos = hasRole(actor, 'dos_lead');
  const pending = useApi(isDos ? (signal) => client.GET('/api/directory/changes', { params: { query: { status: 'pending' } }, signal }) : null);
  const due = useApi(isDos ? (signal) => client.GET('/api/directory/verification-due', { params: { query: { withinDays: 0 } }, signal }) : null);
  if (!isDos) return null;
  return (
    <ul className="nhsuk-list nhsuk-list--bullet" aria-label="Work waiting">
      <li>
        <strong>{pending.data ? pending.data.changes.length : '…'}</strong> proposed change(s) waiting for approval
      </li>
      <li>
        <strong>{due.data ? due.data.services.length : '…'}</strong> service profile(s) overdue for verification
      </li>
    </ul>
  );
}

export function Home() {
  const { actor } = useAuth();
  if (!actor) return null;
  const items = navFor(actor);
  return (
    <>
      <h1 className="nhsuk-heading-l" tabIndex={-1}>
        <span className="nhsuk-caption-l">{actor.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ')}</span>
        Hello, {actor.name.replace(/\s*\(.*\)$/, '')}
      </h1>
      <p className="nhsuk-lede-text">{actor.roles.map((r) => INTRO[r]).filter(Boolean).join(' ')}</p>
      <Counts />
      {(hasRole(actor, 'commissioner') || hasRole(actor, 'provider_staff')) && <EscalationPanel compact={!hasRole(actor, 'commissioner')} />}
      <div className="sp-grid" data-testid="home-cards">
        {items.map((item) => (
          <NavCard key={item.to} to={item.to} heading={item.label}>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">{DESCRIPTIONS[item.to]}</p>
          </NavCard>
        ))}
      </div>
    </>
  );
}
