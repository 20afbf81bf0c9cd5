// What every cases use case shares: the platform, the modules cases use, and the clock in the
// patient's time zone. The use cases are split by what they do (service.ts lists them).
import { DateTime } from 'luxon';
import type { Platform } from '../platform/context';
import { conflict } from '../platform/errors';
import type { Catalogue } from '../directory/catalogue';
import { ZONE_NAME } from '../directory/opening-hours';
import type { DirectoryService } from '../directory/service';
import type { EventFollower } from '../platform/events';
import type { SearchOutcome, SearchRequest } from '../search/model';
import type { SessionView } from '../triage/service';
import { NO_RELATIONS, type CaseRelations } from './relations';

/** The triage service as cases use it. */
export interface TriageSessions {
  getSession(id: string): Promise<SessionView>;
}
/** The telephony module as cases use it: the answered call a case is opened for (400 naming the field otherwise). */
export interface CallLookup {
  answeredCall(callId: string, field?: string): Promise<{ callId: string }>;
}
/** The directory search as cases use it: a request the case assembled (search/model's parsed type). */
export interface DirectorySearcher {
  search(request: SearchRequest): Promise<Omit<SearchOutcome, 'gaps'>>;
}

export interface CasesDeps {
  catalogue: Catalogue;
  directory: DirectoryService;
  events: EventFollower;
  /** Looked up when needed: the triage and search modules are wired beside this one. */
  triage: () => TriageSessions | undefined;
  search: () => DirectorySearcher | undefined;
  /** The referrals of a case, as cases need them (src/referrals/case-relations.ts); none without referrals. */
  relations?: CaseRelations;
  /** Calls reported by the telephony platform (a case may name its call); none without telephony. */
  telephony?: CallLookup;
}

export class CasesContext {
  readonly relations: CaseRelations;

  constructor(
    readonly platform: Platform,
    readonly deps: CasesDeps,
  ) {
    this.relations = deps.relations ?? NO_RELATIONS;
  }

  get db() {
    return this.platform.db;
  }

  now(): Date {
    return this.platform.clock.now();
  }

  /** Today's date where the patients are (Europe/London), YYYY-MM-DD. */
  today(): string {
    return DateTime.fromJSDate(this.now(), { zone: ZONE_NAME }).toISODate()!;
  }

  /** A triage session, from the triage module (409 when this installation has none). */
  async triageSession(sessionId: string): Promise<SessionView> {
    const triage = this.deps.triage();
    if (!triage) throw conflict('Triage is not available in this installation', [], 'triage_unavailable');
    return triage.getSession(sessionId);
  }
}
