import type { ComponentType, ReactNode } from 'react';
import { PatientLayout, StaffLayout } from './components/Layout';
import { Loading } from './components/nhs';
import { AuthProvider, hasRole, useAuth, type Role } from './lib/auth';
import { matchPath, navigate, RouterProvider, useLocation } from './lib/router';
import { SignIn } from './pages/SignIn';
import { Home } from './pages/Home';
import { NotFound } from './pages/NotFound';
import { ServiceBrowser } from './pages/dos/ServiceBrowser';
import { ServiceView } from './pages/dos/ServiceView';
import { ServiceEditor } from './pages/dos/ServiceEditor';
import { Approvals } from './pages/dos/Approvals';
import { ChangeDetail } from './pages/dos/ChangeDetail';
import { VerificationDue } from './pages/dos/VerificationDue';
import { WhichSearches } from './pages/dos/WhichSearches';
import { CapacityBoard } from './pages/insight/CapacityBoard';
import { Gaps } from './pages/insight/Gaps';
import { Coverage } from './pages/insight/Coverage';
import { Costs } from './pages/modelling/Costs';
import { Surge } from './pages/modelling/Surge';
import { ContentVersions } from './pages/governance/ContentVersions';
import { VersionDetail } from './pages/governance/VersionDetail';
import { TriagePage } from './pages/calls/TriagePage';
import { NewCall } from './pages/calls/NewCall';
import { CaseList } from './pages/calls/CaseList';
import { CasePage } from './pages/calls/CasePage';
import { ClinicalQueue } from './pages/clinical/ClinicalQueue';
import { ProviderInbox } from './pages/provider/Inbox';
import { ReferralDetail } from './pages/provider/ReferralDetail';
import { CapacityControl } from './pages/provider/CapacityControl';
import { OurServices } from './pages/provider/OurServices';
import { Slots } from './pages/provider/Slots';
import { Responses } from './pages/calls/Responses';
import { OnlineTriage } from './pages/online/OnlineTriage';
import { Users } from './pages/admin/Users';
import { Tokens } from './pages/admin/Tokens';
import { ChangePassword } from './pages/account/ChangePassword';
import { FindService } from './pages/refer/FindService';
import { Scenarios } from './pages/modelling/Scenarios';
import { ScenarioEditor } from './pages/modelling/ScenarioEditor';
import { RunPage } from './pages/modelling/RunPage';

interface RouteSpec {
  path: string;
  roles?: Role[];
  page: ComponentType<{ params: Record<string, string> }>;
  /** Narrow (reading width) layout. */
  narrow?: boolean;
}

const SEARCHERS: Role[] = ['call_handler', 'clinician', 'provider_staff', 'dos_lead', 'commissioner'];

export const ROUTES: RouteSpec[] = [
  { path: '/', page: Home },
  { path: '/dos/services', roles: ['dos_lead', 'commissioner', 'provider_staff', 'call_handler', 'clinician'], page: ServiceBrowser },
  { path: '/dos/services/new', roles: ['dos_lead', 'provider_staff'], page: ServiceEditor },
  { path: '/dos/services/:id', page: ServiceView },
  { path: '/dos/services/:id/edit', roles: ['dos_lead', 'provider_staff'], page: ServiceEditor },
  { path: '/dos/services/:id/searches', roles: SEARCHERS, page: WhichSearches },
  { path: '/dos/approvals', roles: ['dos_lead', 'provider_staff', 'commissioner'], page: Approvals },
  { path: '/dos/approvals/:id', roles: ['dos_lead', 'provider_staff', 'commissioner'], page: ChangeDetail },
  { path: '/dos/verification', roles: ['dos_lead', 'provider_staff'], page: VerificationDue },
  { path: '/capacity', page: CapacityBoard },
  { path: '/insight/gaps', roles: ['commissioner', 'dos_lead'], page: Gaps },
  { path: '/insight/coverage', roles: ['commissioner', 'dos_lead'], page: Coverage },
  { path: '/modelling', roles: ['commissioner'], page: Scenarios },
  { path: '/modelling/scenarios/:id', roles: ['commissioner'], page: ScenarioEditor },
  { path: '/modelling/runs/:id', roles: ['commissioner'], page: RunPage },
  { path: '/modelling/costs', roles: ['commissioner'], page: Costs },
  { path: '/modelling/surge', roles: ['commissioner'], page: Surge },
  { path: '/governance', roles: ['clinical_governance', 'clinician'], page: ContentVersions },
  { path: '/governance/versions/:id', roles: ['clinical_governance', 'clinician'], page: VersionDetail },
  { path: '/calls', roles: ['call_handler', 'clinician'], page: CaseList },
  { path: '/calls/new', roles: ['call_handler', 'clinician'], page: NewCall },
  { path: '/calls/responses', roles: ['call_handler', 'clinician'], page: Responses },
  { path: '/cases/:id', roles: ['call_handler', 'clinician'], page: CasePage },
  { path: '/triage/:id', roles: ['call_handler', 'clinician'], page: TriagePage },
  { path: '/clinical/queue', roles: ['clinician'], page: ClinicalQueue },
  { path: '/provider/inbox', roles: ['provider_staff'], page: ProviderInbox },
  { path: '/provider/referrals/:id', roles: ['provider_staff', 'call_handler', 'clinician'], page: ReferralDetail },
  { path: '/provider/capacity', roles: ['provider_staff', 'dos_lead'], page: CapacityControl },
  { path: '/provider/services', roles: ['provider_staff'], page: OurServices },
  { path: '/provider/slots', roles: ['provider_staff'], page: Slots },
  { path: '/admin/users', roles: ['admin'], page: Users },
  { path: '/admin/tokens', roles: ['admin', 'dos_lead', 'provider_staff'], page: Tokens },
  { path: '/find', roles: SEARCHERS, page: () => <FindService mode="find" /> },
  { path: '/refer', roles: ['clinician', 'provider_staff'], page: () => <FindService mode="refer" /> },
  { path: '/account/password', page: ChangePassword, narrow: true },
];

function StaffRoutes(): ReactNode {
  const { pathname } = useLocation();
  const { actor, checking } = useAuth();
  if (checking) return <StaffLayout><Loading what="Checking your sign-in" /></StaffLayout>;
  if (!actor) {
    if (pathname !== '/login') {
      navigate(`/login?next=${encodeURIComponent(pathname + window.location.search)}`, { replace: true });
    }
    return <SignIn />;
  }
  if (pathname === '/login') return <SignIn />;
  for (const spec of ROUTES) {
    const params = matchPath(spec.path, pathname);
    if (!params) continue;
    const Page = spec.page;
    if (spec.roles && !hasRole(actor, ...spec.roles)) {
      return (
        <StaffLayout>
          <h1 className="nhsuk-heading-l">You cannot use this screen</h1>
          <p className="nhsuk-body">It is for other roles. Use the menu above for the screens of your role.</p>
        </StaffLayout>
      );
    }
    return (
      <StaffLayout wide={!spec.narrow}>
        <Page params={params} />
      </StaffLayout>
    );
  }
  return (
    <StaffLayout>
      <NotFound />
    </StaffLayout>
  );
}

function Routes() {
  const { pathname } = useLocation();
  if (pathname === '/online' || pathname.startsWith('/online/')) {
    return (
      <PatientLayout>
        <OnlineTriage />
      </PatientLayout>
    );
  }
  return <StaffRoutes />;
}

export function App() {
  return (
    <RouterProvider>
      <AuthProvider>
        <Routes />
      </AuthProvider>
    </RouterProvider>
  );
}
