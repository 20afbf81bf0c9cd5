import { useEffect, type ReactNode } from 'react';
import { apiHref } from '../lib/api';
import { hasRole, ROLE_NAMES, useAuth, type Actor, type Role } from '../lib/auth';
import { Link, navigate, useLocation } from '../lib/router';
import { cx } from './nhs';

const NhsLogo = () => (
  <svg className="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS">
    <title>NHS</title>
    <path
      fill="currentcolor"
      d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
    />
  </svg>
);

export interface NavItem {
  to: string;
  label: string;
  roles: Role[];
}

/** The menu: what each role works on. Admins see everything. */
export const NAV: NavItem[] = [
  { to: '/calls/new', label: 'New call', roles: ['call_handler', 'clinician'] },
  { to: '/calls', label: 'Cases', roles: ['call_handler'] },
  { to: '/calls/responses', label: 'Responses', roles: ['call_handler', 'clinician'] },
  { to: '/clinical/queue', label: 'Clinical queue', roles: ['clinician'] },
  { to: '/find', label: 'Find a service', roles: ['clinician', 'provider_staff'] },
  { to: '/refer', label: 'Refer', roles: ['clinician', 'provider_staff'] },
  { to: '/provider/inbox', label: 'Referral inbox', roles: ['provider_staff'] },
  { to: '/provider/capacity', label: 'Capacity', roles: ['provider_staff'] },
  { to: '/provider/services', label: 'Our services', roles: ['provider_staff'] },
  { to: '/provider/slots', label: 'Appointment slots', roles: ['provider_staff'] },
  { to: '/dos/services', label: 'Directory', roles: ['dos_lead'] },
  { to: '/dos/approvals', label: 'Approvals', roles: ['dos_lead'] },
  { to: '/dos/verification', label: 'Verification due', roles: ['dos_lead'] },
  { to: '/governance', label: 'Triage content', roles: ['clinical_governance'] },
  { to: '/capacity', label: 'Capacity board', roles: ['commissioner', 'dos_lead'] },
  { to: '/insight/gaps', label: 'Gaps and unmet need', roles: ['commissioner', 'dos_lead'] },
  { to: '/insight/coverage', label: 'Coverage', roles: ['commissioner', 'dos_lead'] },
  { to: '/modelling', label: 'Modelling', roles: ['commissioner'] },
  { to: '/modelling/costs', label: 'Costs and payment', roles: ['commissioner'] },
  { to: '/modelling/surge', label: 'Forecast and surge', roles: ['commissioner'] },
  { to: '/admin/users', label: 'Users', roles: ['admin'] },
  { to: '/admin/tokens', label: 'API tokens', roles: ['provider_staff', 'dos_lead'] },
];

export function navFor(actor: Actor | null): NavItem[] {
  return NAV.filter((item) => hasRole(actor, ...item.roles));
}

/** Moves focus to the page's h1 after each navigation, so screen readers announce the new page. */
function useFocusOnNavigate() {
  const { pathname } = useLocation();
  useEffect(() => {
    const id = window.setTimeout(() => {
      const active = document.activeElement;
      if (active && active !== document.body && document.querySelector('main')?.contains(active) && active.tagName !== 'A' && active.tagName !== 'BUTTON') return;
      const heading = document.querySelector<HTMLElement>('main h1');
      if (heading) {
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: false });
      }
    }, 50);
    return () => window.clearTimeout(id);
  }, [pathname]);
}

export function StaffLayout({ children, wide = true }: { children: ReactNode; wide?: boolean }) {
  const { actor, signOut } = useAuth();
  const { pathname } = useLocation();
  useFocusOnNavigate();
  const items = navFor(actor);
  const roleText = actor ? actor.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ') : '';
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <header className="nhsuk-header sp-header" role="banner">
        <div className={cx('nhsuk-header__container', wide ? 'nhsuk-width-container-fluid sp-fluid' : 'nhsuk-width-container')}>
          <div className="nhsuk-header__service">
            <Link className="nhsuk-header__service-logo" to="/" aria-label="Signpost home">
              <NhsLogo />
              <span className="nhsuk-header__service-name">Signpost</span>
            </Link>
          </div>
          {actor && (
            <nav className="nhsuk-header__account" aria-label="Account">
              <ul className="nhsuk-header__account-list">
                <li className="nhsuk-header__account-item" data-testid="signed-in-as">
                  {actor.name} <span className="sp-role">({roleText})</span>
                </li>
                {actor.kind === 'user' && (
                  <li className="nhsuk-header__account-item">
                    <Link className="nhsuk-header__account-link" to="/account/password">
                      Change my password
                    </Link>
                  </li>
                )}
                <li className="nhsuk-header__account-item">
                  <button
                    type="button"
                    className="nhsuk-header__account-button"
                    onClick={async () => {
                      await signOut();
                      navigate('/login');
                    }}
                  >
                    Sign out
                  </button>
                </li>
              </ul>
            </nav>
          )}
        </div>
        {items.length > 0 && (
          <nav className="nhsuk-header__navigation" aria-label="Menu">
            <div className={cx('nhsuk-header__navigation-container', wide ? 'nhsuk-width-container-fluid sp-fluid' : 'nhsuk-width-container')}>
              <ul className="nhsuk-header__navigation-list sp-nav-list">
                <li className="nhsuk-header__navigation-item">
                  <Link className="nhsuk-header__navigation-link" to="/" aria-current={pathname === '/' ? 'page' : undefined}>
                    Home
                  </Link>
                </li>
                {items.map((item) => (
                  <li className="nhsuk-header__navigation-item" key={item.to}>
                    <Link className="nhsuk-header__navigation-link" to={item.to} aria-current={pathname === item.to || pathname.startsWith(item.to + '/') ? 'page' : undefined}>
                      {item.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          </nav>
        )}
      </header>
      <div className={wide ? 'nhsuk-width-container-fluid sp-fluid' : 'nhsuk-width-container'}>
        <main className="nhsuk-main-wrapper nhsuk-main-wrapper--s" id="maincontent" role="main">
          {children}
        </main>
      </div>
      <Footer />
    </>
  );
}

export function PatientLayout({ children }: { children: ReactNode }) {
  useFocusOnNavigate();
  return (
    <>
      <a className="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <header className="nhsuk-header" role="banner">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <Link className="nhsuk-header__service-logo" to="/online" aria-label="Get help with symptoms: start again">
              <NhsLogo />
              <span className="nhsuk-header__service-name">Get help with symptoms</span>
            </Link>
          </div>
        </div>
      </header>
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" role="main">
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-two-thirds">{children}</div>
          </div>
        </main>
      </div>
      <Footer patient />
    </>
  );
}

function Footer({ patient }: { patient?: boolean }) {
  return (
    <footer role="contentinfo">
      <div className="nhsuk-footer" id="nhsuk-footer">
        <div className="nhsuk-width-container">
          <h2 className="nhsuk-u-visually-hidden">Support links</h2>
          <div className="nhsuk-footer__meta">
            <ul className="nhsuk-footer__list">
              {patient ? (
                <li className="nhsuk-footer__list-item">
                  <Link className="nhsuk-footer__list-item-link" to="/login">
                    Staff sign in
                  </Link>
                </li>
              ) : (
                <li className="nhsuk-footer__list-item">
                  <Link className="nhsuk-footer__list-item-link" to="/online">
                    Patient online triage
                  </Link>
                </li>
              )}
              <li className="nhsuk-footer__list-item">
                <a className="nhsuk-footer__list-item-link" href={apiHref('/api/openapi.json')}>
                  API
                </a>
              </li>
            </ul>
            <p className="nhsuk-body-s">Signpost — demonstration content and data, not for clinical use.</p>
          </div>
        </div>
      </div>
    </footer>
  );
}
