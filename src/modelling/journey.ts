/**
 * Each contact's journey through a run, for callers that want more than the totals (the demo's
 * history writes one case, call and referral per journey). The engine builds journeys only when a
 * caller asks for them (`simulate(input, seed, { onJourney })`); without one, nothing here runs.
 * Times are seconds from the run's start (Monday 00:00).
 */
import type { CompiledModel } from './compiled';

/** Where a contact ended: the same categories as `SimulationOutput.outcomes`. */
export type JourneyOutcome =
  | 'abandoned'
  | 'self-care'
  | 'referred'
  | 'ed'
  | 'ed-did-not-attend'
  | 'ambulance-see-and-treat'
  | 'ambulance-conveyed'
  | 'still-in-system';

export interface ServiceRejection {
  serviceId: string;
  reason: 'closed' | 'full';
}

export interface ContactJourney {
  /** the contact's number in this run (0, 1, 2 … in order of arrival) */
  contact: number;
  /** the earlier contact this one calls again about (a redial or a re-contact), else null */
  recontactOf: number | null;
  /** false for contacts that arrived during the warm-up (not in the run's counters) */
  counted: boolean;
  arrivalSeconds: number;
  areaId: string;
  ageBand: string;
  /** when a call handler answered, and the wait before it; null when never answered */
  answeredSeconds: number | null;
  waitSeconds: number | null;
  /** when the caller hung up while queued; null otherwise */
  abandonedSeconds: number | null;
  /** when the call handler finished (triage done) */
  callEndSeconds: number | null;
  /** the triage outcome's disposition group */
  disposition: string | null;
  /** the clinical queue, for clinical dispositions */
  clinical: {
    queuedSeconds: number;
    /** call-back timeframe of the group, seconds */
    timeframeSeconds: number;
    assessedSeconds: number | null;
    endSeconds: number | null;
    /** the clinician's outcome group */
    outcome: string | null;
  } | null;
  /** a referral: the services that could not take it, in the order tried, and the one that did (or null: sent to ED) */
  referral: { atSeconds: number; group: string; rejected: ServiceRejection[]; acceptedBy: string | null } | null;
  /** told to go to ED (or sent there as no service could take the referral): attended? */
  edAttended: boolean;
  ambulance: boolean;
  conveyed: boolean;
  /** admitted from ED (drawn only for counted contacts, as the engine's counters are) */
  admitted: boolean;
  outcome: JourneyOutcome;
  endSeconds: number;
}

export interface SimulateOptions {
  /** called once per contact when its journey ends (and at the horizon for those still in the system) */
  onJourney?: (journey: ContactJourney) => void;
}

/** Journeys in the making, by contact id; each is handed over and forgotten when it ends. */
export class JourneyRecorder {
  private readonly open = new Map<number, ContactJourney>();

  constructor(
    private readonly model: CompiledModel,
    private readonly areaIds: string[],
    private readonly bandIds: string[],
    private readonly emit: (journey: ContactJourney) => void,
  ) {}

  arrived(id: number, at: number, area: number, band: number, counted: boolean, recontactOf: number): void {
    this.open.set(id, {
      contact: id,
      recontactOf: recontactOf >= 0 ? recontactOf : null,
      counted,
      arrivalSeconds: at,
      areaId: this.areaIds[area],
      ageBand: this.bandIds[band],
      answeredSeconds: null,
      waitSeconds: null,
      abandonedSeconds: null,
      callEndSeconds: null,
      disposition: null,
      clinical: null,
      referral: null,
      edAttended: false,
      ambulance: false,
      conveyed: false,
      admitted: false,
      outcome: 'still-in-system',
      endSeconds: at,
    });
  }

  answered(id: number, at: number, wait: number): void {
    const j = this.open.get(id)!;
    j.answeredSeconds = at;
    j.waitSeconds = wait;
  }

  triaged(id: number, at: number, group: number): void {
    const j = this.open.get(id)!;
    j.callEndSeconds = at;
    j.disposition = this.model.groups[group].id;
  }

  queued(id: number, at: number, group: number): void {
    this.open.get(id)!.clinical = { queuedSeconds: at, timeframeSeconds: this.model.groups[group].callbackSeconds, assessedSeconds: null, endSeconds: null, outcome: null };
  }

  assessmentStarted(id: number, at: number): void {
    this.open.get(id)!.clinical!.assessedSeconds = at;
  }

  assessed(id: number, at: number, outcome: number): void {
    const clinical = this.open.get(id)!.clinical!;
    clinical.endSeconds = at;
    clinical.outcome = this.model.groups[outcome].id;
  }

  referralTried(id: number, at: number, group: number, service: number, accepted: boolean, reason: 'closed' | 'full' | null): void {
    const j = this.open.get(id)!;
    j.referral ??= { atSeconds: at, group: this.model.groups[group].id, rejected: [], acceptedBy: null };
    if (accepted) j.referral.acceptedBy = this.model.serviceIds[service];
    else j.referral.rejected.push({ serviceId: this.model.serviceIds[service], reason: reason! });
  }

  /** An unplaced referral: nobody could take it (the engine sends the patient to ED). */
  referralUnplaced(id: number, at: number, group: number): void {
    const j = this.open.get(id)!;
    j.referral ??= { atSeconds: at, group: this.model.groups[group].id, rejected: [], acceptedBy: null };
  }

  edAttended(id: number): void {
    this.open.get(id)!.edAttended = true;
  }

  ambulance(id: number, conveyed: boolean): void {
    const j = this.open.get(id)!;
    j.ambulance = true;
    j.conveyed = conveyed;
  }

  admitted(id: number): void {
    this.open.get(id)!.admitted = true;
  }

  ended(id: number, at: number, outcome: JourneyOutcome): void {
    const j = this.open.get(id)!;
    if (outcome === 'abandoned') j.abandonedSeconds = at;
    j.outcome = outcome;
    j.endSeconds = at;
    this.open.delete(id);
    this.emit(j);
  }

  /** The horizon: hands over the journeys still under way, in order of arrival. */
  flush(at: number): void {
    for (const [id, j] of [...this.open].sort((a, b) => a[0] - b[0])) {
      j.endSeconds = at;
      this.open.delete(id);
      this.emit(j);
    }
  }
}
