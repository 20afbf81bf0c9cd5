// Which organisations an actor acts for (their own and those below it), and so which side of a
// referral they are on: the receiving service, the referrer's organisation, the front door, an administrator.
import { hasAnyRole, type Actor } from '../platform/actor';
import { forbidden } from '../platform/errors';
import type { IdentityService } from '../identity/service';
import type { Referral } from './model';

export type Side = 'front-door' | 'receiver' | 'referrer-org' | 'admin';

export class OrganisationScopes {
  constructor(private readonly identity: IdentityService) {}

  /** The organisations a provider's staff (or system) act for; none for anyone else. */
  async scopeOf(actor: Actor): Promise<string[]> {
    if (!hasAnyRole(actor, ['provider_staff', 'system']) || !actor.organisationId) return [];
    return this.identity.organisationScope(actor.organisationId);
  }

  async sideOf(actor: Actor, r: Referral): Promise<Side | null> {
    if (hasAnyRole(actor, ['admin'])) return 'admin';
    if (hasAnyRole(actor, ['call_handler', 'clinician'])) return 'front-door';
    const scope = await this.scopeOf(actor);
    if (scope.includes(r.organisationId)) return 'receiver';
    if (r.referredByOrg && scope.includes(r.referredByOrg)) return 'referrer-org';
    return null;
  }

  async assertManages(actor: Actor, organisationId: string, what: string): Promise<void> {
    if (hasAnyRole(actor, ['admin', 'dos_lead'])) return;
    const scope = await this.scopeOf(actor);
    if (!scope.includes(organisationId)) throw forbidden(`You may ${what} only for your own organisation's services`);
  }

  async organisationName(id: string | null): Promise<string> {
    if (!id) return 'Signpost';
    return (await this.identity.getOrganisation(id).catch(() => null))?.name ?? id;
  }
}
