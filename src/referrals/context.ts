// What every referrals use case shares: the platform, the modules referrals use, organisation
// scopes, outgoing messages, and the few look-ups each of them makes.
import type { Platform } from '../platform/context';
import type { EventFollower } from '../platform/events';
import { badRequest, unprocessable } from '../platform/errors';
import type { Catalogue } from '../directory/catalogue';
import type { Service } from '../directory/model';
import type { DirectoryService } from '../directory/service';
import type { IdentityService } from '../identity/service';
import type { CaseFlag, SpecialNote } from '../cases/model';
import type { Case } from '../cases/model';
import type { CasesService } from '../cases/service';
import type { DeliveryWorker } from './delivery';
import { ReferralMessages, type ResponseCopy } from './messages';
import type { Referral } from './model';
import { OrganisationScopes } from './scopes';

export interface ReferralsDeps {
  cases: CasesService;
  directory: DirectoryService;
  identity: IdentityService;
  catalogue: Catalogue;
  delivery: DeliveryWorker;
  events: EventFollower;
  /** A second copy of each answer to a referral, for referrals that came from another system (the FHIR server's). */
  responseCopy?: ResponseCopy;
}

const NOTE_FLAGS: Record<SpecialNote['category'], CaseFlag['category']> = {
  safeguarding: 'safeguarding',
  'end-of-life': 'additional-patient-information',
  'long-term-condition': 'additional-patient-information',
  'reasonable-adjustments': 'reasonable-adjustment',
};

export class ReferralsContext {
  readonly scopes: OrganisationScopes;
  readonly messages: ReferralMessages;

  constructor(
    readonly platform: Platform,
    readonly deps: ReferralsDeps,
  ) {
    this.scopes = new OrganisationScopes(deps.identity);
    this.messages = new ReferralMessages(platform, deps.delivery, deps.responseCopy);
  }

  get db() {
    return this.platform.db;
  }

  now(): Date {
    return this.platform.clock.now();
  }

  /** A service that takes referrals now: 400 naming `path` if there is none, 422 if it is not active. `read`: the service as the caller read it already. */
  async activeService(id: number, path: string, read?: Service): Promise<Service> {
    const service = read?.id === id ? read : await this.deps.directory.get(id).catch(() => null);
    if (!service) throw badRequest(`There is no service ${id}`, [{ path, message: 'unknown service' }]);
    if (service.status !== 'active') throw unprocessable(`${service.name} is ${service.status}`, [{ path, message: service.status }], 'service_not_active');
    return service;
  }

  serviceFor(r: Referral): Promise<Service | null> {
    return this.deps.directory.get(r.serviceId).catch(() => null);
  }

  /** Whether the patient has an end-of-life special patient note in force (said as a yes or no, never its text). */
  async hasEndOfLifeNote(c: Case): Promise<boolean> {
    if (!c.patient.nhsNumber) return false;
    return (await this.deps.cases.activeNotesFor(c.patient.nhsNumber)).some((n) => n.category === 'end-of-life');
  }

  /** Special patient notes travel as flags (the note itself is read, audited, on the case). */
  async noteFlags(c: Case): Promise<CaseFlag[]> {
    if (!c.patient.nhsNumber) return [];
    const notes = await this.deps.cases.activeNotesFor(c.patient.nhsNumber);
    return notes.map((n) => ({ category: NOTE_FLAGS[n.category], text: `Special patient note (${n.category}): ${n.title}` }));
  }
}
