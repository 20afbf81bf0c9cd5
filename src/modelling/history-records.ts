/**
 * The demo's history, one simulated contact at a time (issue 13 item 6, decision 0031): what Signpost
 * would have written had the contact really happened — the telephony platform's call, the case with
 * its triage outcome, the clinical queue's call-back or validation, the directory search (its gaps
 * and unmet need), the referrals and the receiving services' answers, the end of the episode and its
 * post-event message decision, the services' capacity going red when full. Pure: rows and events are
 * built with the same builders the live use cases use; history-store.ts writes them in bulk.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../platform/actor';
import type { Catalogue, Disposition } from '../directory/catalogue';
import { hourOfWeekAt } from '../directory/local-time';
import { caseClosedEvent, caseOpenedEvent, caseSearchedEvent, dispositionSetEvent, queueEntryAddedEvent, queueEntryChangedEvent, queueOutcomeEvent } from '../cases/case-events';
import type { Case, CaseDisposition, QueueEntry, QueueOutcome, StoredSearch } from '../cases/model';
import { nhsCheckDigit } from '../cases/nhs-number';
import { callbackMinutes, validationVerdictOf } from '../cases/queue';
import { matchKeysOf, type MatchKeys } from '../cases/repeat-caller';
import { capacityEvent, type CapacityRecord } from '../capacity/model';
import type { GapsEventPayload, UnmetNeedPayload } from '../insight/model';
import { transition } from '../referrals/lifecycle';
import type { PassedOver, Referral } from '../referrals/model';
import { postEventDecision } from '../referrals/post-event';
import { PASS_OVER_REASONS } from '../referrals/reasons';
import { referralRequestedEvent, referralStepEvent } from '../referrals/referral-events';
import { applyCallEvent, callEventRecord } from '../telephony/calls';
import type { CallEvent, TelephonyCall } from '../telephony/model';
import type { ContactJourney } from './journey';
import { requestedReferral } from '../referrals/new-referral';
import { openedCase } from '../cases/new-case';

/** A past change: the event as the live code appends it, and whether (or with what) it is audited. */
export interface PastChange {
  actor: Actor;
  at: Date;
  event: ReturnType<typeof caseOpenedEvent>;
  audit: boolean | { patientData?: boolean; details?: Record<string, unknown> };
}

export interface HistoryService {
  id: number;
  name: string;
  typeId: number;
  odsCode: string | null;
  organisationId: string;
}

/** What the history needs of the live system: the directory, the people who act, where patients live. */
export interface HistoryWorld {
  /** the simulation's second 0 (a Monday 00:00) */
  startsAt: Date;
  /** nothing later than this is written (a step due after it has not happened yet) */
  endsAt: Date;
  /** makes every id and invented detail of this history (the simulation's own seed) */
  seed: number;
  catalogue: Catalogue;
  services: ReadonlyMap<string, HistoryService>;
  /** the organisation whose telephony platform answers the calls, and its token */
  telephony: Actor;
  callHandlers: readonly Actor[];
  clinicians: readonly Actor[];
  /** who answers referrals for an organisation: its staff, else its system's token */
  receiverFor(organisationId: string): Actor;
  /** per area: postcode districts (e.g. CT1) where its patients live */
  districtsByArea: ReadonlyMap<string, readonly string[]>;
  /** ODS codes of the GP practices patients are registered with */
  practices: readonly string[];
}

/** Everything one stretch of history writes. */
export interface HistoryBatch {
  calls: TelephonyCall[];
  cases: { c: Case; keys: MatchKeys }[];
  queue: QueueEntry[];
  searches: StoredSearch[];
  referrals: Referral[];
  capacity: { record: CapacityRecord; cause: 'set' | 'expired' }[];
  changes: PastChange[];
}

export const emptyBatch = (): HistoryBatch => ({ calls: [], cases: [], queue: [], searches: [], referrals: [], capacity: [], changes: [] });

/** A stable uuid from the history's seed and a name (the same history writes the same ids). */
export function stableId(seed: number, name: string): string {
  const h = createHash('sha256').update(`${seed}:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A number in [0, 1) from the history's seed and a name: the invented details, reproducible. */
function unit(seed: number, name: string): number {
  return createHash('sha256').update(`${seed}:${name}`).digest().readUInt32BE(0) / 2 ** 32;
}
const pick = <T>(items: readonly T[], u: number): T => items[Math.min(items.length - 1, Math.floor(u * items.length))];

const FIRST_NAMES = ['Alex', 'Sam', 'Jo', 'Robin', 'Charlie', 'Morgan', 'Jamie', 'Ash', 'Kit', 'Rowan', 'Sky', 'Bailey', 'Casey', 'Drew', 'Ellis', 'Frankie', 'Harley', 'Jesse', 'Lee', 'Max'];
const LAST_NAMES = ['Demoson', 'Samplewell', 'Fictor', 'Madeup', 'Pretendly', 'Inventa', 'Testwood', 'Mockford', 'Synthby', 'Placeham', 'Notreal', 'Exampleton'];

/**
 * A synthetic NHS number, valid by its check digit, in the 999 range that is never issued to real
 * patients (NHS England keeps 999 000 0000 – 999 999 9999 for testing).
 */
export function syntheticNhsNumber(seed: number, name: string): string {
  for (let attempt = 0; ; attempt++) {
    const body = `999${String(Math.floor(unit(seed, `${name}:nhs:${attempt}`) * 1_000_000)).padStart(6, '0')}`;
    const check = nhsCheckDigit(body);
    if (check !== null) return `${body}${check}`;
  }
}

const AGE_YEARS: Record<string, [number, number]> = {};
/** An age in years within the band (band ids look like "0-1y", "5-16y", "65y+" or the example's names). */
function ageWithin(band: string, u: number): number {
  const cached = AGE_YEARS[band];
  let range = cached;
  if (!range) {
    const m = /^(\d+)(?:d|m|y)?-(\d+)(d|m|y)?$/.exec(band) ?? /^(\d+)(d|m|y)?\+$/.exec(band);
    const named: Record<string, [number, number]> = { infant: [0, 1], toddler: [1, 5], child: [5, 16], adult: [16, 90] };
    if (named[band]) range = named[band];
    else if (m && band.endsWith('+')) range = [Number(m[1]), 100];
    else if (m) range = [Number(m[1]), Number(m[2])];
    else range = [16, 80];
    if (/d$|m$/.test(band)) range = [0, 1];
    AGE_YEARS[band] = range;
  }
  return range[0] + u * (range[1] - range[0]);
}

const at = (world: HistoryWorld, seconds: number) => new Date(world.startsAt.getTime() + Math.round(seconds * 1000));

/** The engine's groups → the catalogue's disposition codes a contact in the group is given. */
export function dispositionCodesByGroup(catalogue: Catalogue): Record<string, string[]> {
  const of = (group: string) => catalogue.dispositions.filter((d) => d.group === group).map((d) => d.code);
  const withCallback = (codes: string[]) => codes.filter((c) => catalogue.validationCallbackFor(c));
  const byMinutes = (minutes: number) => catalogue.dispositions.filter((d) => d.group === 'clinician-callback' && callbackMinutes(d.timeframe) === minutes).map((d) => d.code);
  return {
    'self-care': of('self-care'),
    ambulance: [...of('ambulance-cat1'), ...of('ambulance-cat2')],
    'emergency-department': of('emergency-department'),
    'validation-callback': withCallback([...of('ambulance-cat3'), ...of('ambulance-cat4'), ...of('emergency-department')]),
    'clinician-callback-20': byMinutes(20),
    'clinician-callback-60': byMinutes(30).length ? byMinutes(30) : byMinutes(20),
    'clinician-callback-120': byMinutes(120),
    // the example community's groups (tests)
    'primary-care': of('contact-primary-care'),
    'clinician-callback': of('clinician-callback'),
    ...Object.fromEntries(['contact-primary-care', 'speak-to-primary-care', 'own-gp', 'dental', 'community', 'other-services', 'repeat-prescription'].map((g) => [g, of(g)])),
  };
}

/** Symptom groups a presenting problem is drawn from (their titles describe it). */
const PROBLEM_GROUPS = [1004, 1011, 1012, 1016, 1020, 1028, 1035, 1040, 1044, 1053, 1065, 1072];

/**
 * Turns one simulated contact into what Signpost would have written, appended to `batch`. Returns the
 * counts of the things written, so the caller can check them against the simulator's counters.
 */
export class HistoryRecorder {
  private readonly codes: Record<string, string[]>;
  /** the first contact of each chain of re-contacts: its patient calls again */
  private readonly rootOf = new Map<number, number>();
  /** per service, the clock hour in which it last went red */
  private readonly redHour = new Map<number, number>();

  constructor(private readonly world: HistoryWorld) {
    this.codes = dispositionCodesByGroup(world.catalogue);
  }

  record(j: ContactJourney, batch: HistoryBatch): void {
    const root = j.recontactOf !== null ? (this.rootOf.get(j.recontactOf) ?? j.recontactOf) : j.contact;
    this.rootOf.set(j.contact, root);
    if (!j.counted) return;
    const w = this.world;
    const name = (part: string) => `${j.contact}:${part}`;
    const callId = `demo-${stableId(w.seed, name('call'))}`;
    // The call, event by event through the telephony rules.
    let call: TelephonyCall | null = null;
    const callEvent = (e: CallEvent) => {
      call = applyCallEvent(call, e, w.telephony.organisationId!).call;
      batch.changes.push({ actor: w.telephony, at: e.at, event: callEventRecord(call, e.event), audit: true });
    };
    callEvent({ callId, event: 'offered', at: at(w, j.arrivalSeconds), areaCode: j.areaId });
    const handler = pick(w.callHandlers, unit(w.seed, name('handler')));
    if (j.answeredSeconds !== null && j.answeredSeconds <= this.limit()) callEvent({ callId, event: 'answered', at: at(w, j.answeredSeconds), agentId: handler.id });
    else if (j.abandonedSeconds !== null) callEvent({ callId, event: 'abandoned', at: at(w, j.abandonedSeconds) });
    batch.calls.push(call!);
    if (!call!.answeredAt) return;

    // The case, opened when the call was answered, for the patient of the first contact of the chain.
    const openedAt = call!.answeredAt;
    const c = this.newCase(j, root, callId, handler, openedAt);
    batch.changes.push({ actor: handler, at: openedAt, event: caseOpenedEvent(c, handler, 'none', 0), audit: true });
    if (j.callEndSeconds === null || j.disposition === null || j.callEndSeconds > this.limit()) {
      batch.cases.push({ c, keys: matchKeysOf(c.patient) });
      return;
    }
    // Triage's outcome.
    const triagedAt = at(w, j.callEndSeconds);
    const code = this.codeFor(j.disposition, name('dx'));
    const d = w.catalogue.disposition(code)!;
    const validation = j.disposition === 'validation-callback' ? w.catalogue.validationCallbackFor(code) : undefined;
    c.disposition = this.disposition(d, handler, triagedAt, 'triage', c, validation ? { by: validation.code, status: 'pending' } : null);
    c.updatedAt = triagedAt;
    batch.changes.push({ actor: handler, at: triagedAt, event: dispositionSetEvent(c.id, c.disposition), audit: true });

    let finalGroup = j.disposition;
    let endedAt = triagedAt;
    let endedBy: Actor = handler;
    if (j.clinical) {
      const result = this.clinicalQueue(j, c, d, validation, handler, batch);
      if (!result) {
        batch.cases.push({ c, keys: matchKeysOf(c.patient) });
        return;
      }
      finalGroup = result.group;
      endedAt = result.at;
      endedBy = result.clinician;
    }
    if (j.referral) {
      const ended = this.referrals(j, c, batch);
      if (ended === 'open') {
        batch.cases.push({ c, keys: matchKeysOf(c.patient) });
        return;
      }
      endedAt = ended.at;
      endedBy = ended.by;
    }
    const reason = j.referral?.acceptedBy ? null : CLOSE_REASONS[routeOf(finalGroup, j)] ?? 'Advice given';
    if (reason) this.close(c, reason, endedBy, new Date(Math.min(endedAt.getTime() + 60_000, w.endsAt.getTime())), batch);
    batch.cases.push({ c, keys: matchKeysOf(c.patient) });
  }

  /** The last instant written: later steps have not happened yet. */
  private limit(): number {
    return (this.world.endsAt.getTime() - this.world.startsAt.getTime()) / 1000;
  }

  private codeFor(group: string, name: string): string {
    const codes = this.codes[group]?.length ? this.codes[group] : this.codes['self-care'];
    return pick(codes, unit(this.world.seed, name));
  }

  private newCase(j: ContactJourney, root: number, callId: string, handler: Actor, openedAt: Date): Case {
    const w = this.world;
    const person = (part: string) => unit(w.seed, `${root}:${part}`);
    const years = ageWithin(j.ageBand, person('age'));
    const born = new Date(openedAt.getTime() - years * 365.25 * 86_400_000);
    const districts = w.districtsByArea.get(j.areaId) ?? ['CT1'];
    const postcode = `${pick(districts, person('district'))} ${1 + Math.floor(person('sector') * 9)}${pick(['AA', 'AB', 'BD', 'DE', 'EF', 'GH'], person('unit'))}`;
    const group = w.catalogue.symptomGroup(pick(PROBLEM_GROUPS, unit(w.seed, `${j.contact}:problem`)));
    const patient = {
      nhsNumber: syntheticNhsNumber(w.seed, String(root)),
      nhsNumberStatus: '01' as const,
      firstName: pick(FIRST_NAMES, person('first')),
      lastName: pick(LAST_NAMES, person('last')),
      dateOfBirth: born.toISOString().slice(0, 10),
      sex: person('sex') < 0.5 ? ('female' as const) : ('male' as const),
      address: null,
      postcode,
      phone: `01227 555 ${String(Math.floor(person('phone') * 1000)).padStart(3, '0')}`,
      registeredPractice: w.practices.length ? pick(w.practices, person('practice')) : null,
    };
    return openedCase({
      id: `case_${stableId(w.seed, `${j.contact}:case`)}`,
      channel: 'phone',
      at: openedAt,
      opener: handler,
      patient,
      caller: { relationship: years < 16 ? 'parent' : 'self' },
      presentingProblem: group ? `${group.title} (demo history)` : 'Feeling unwell (demo history)',
      callId,
    });
  }

  private disposition(d: Disposition, by: Actor, setAt: Date, source: CaseDisposition['source'], c: Case, validation: CaseDisposition['validation']): CaseDisposition {
    const sg = PROBLEM_GROUPS.find((g) => c.presentingProblem.startsWith(this.world.catalogue.symptomGroup(g)?.title ?? '-')) ?? null;
    const minutes = d.timeframe.kind === 'minutes' ? d.timeframe.minutes : d.timeframe.kind === 'immediate' ? 0 : d.timeframe.kind === 'working-days' ? d.timeframe.days * 24 * 60 : null;
    return {
      code: d.code,
      title: d.title,
      group: d.group,
      symptomGroup: sg,
      symptomGroupTitle: sg ? (this.world.catalogue.symptomGroup(sg)?.title ?? null) : null,
      symptomDiscriminator: null,
      symptomDiscriminatorTitle: null,
      source,
      triageSessionId: null,
      setAt,
      setBy: by.id,
      setByName: by.name,
      dueBy: minutes === null ? null : new Date(setAt.getTime() + minutes * 60_000),
      validation,
      summary: null,
      report: [],
      careAdvice: [],
    };
  }

  /** The call-back or validation: queued, claimed, and the clinician's outcome (if it came before the end). */
  private clinicalQueue(j: ContactJourney, c: Case, d: Disposition, validation: Disposition | undefined, handler: Actor, batch: HistoryBatch): { group: string; at: Date; clinician: Actor } | null {
    const w = this.world;
    const clinical = j.clinical!;
    const queuedAt = at(w, clinical.queuedSeconds);
    const entryDisposition = validation ?? d;
    const entry: QueueEntry = {
      id: `cq_${stableId(w.seed, `${j.contact}:queue`)}`,
      caseId: c.id,
      reasons: [validation ? 'validation' : 'callback'],
      disposition: entryDisposition.code,
      validationOf: validation ? d.code : null,
      status: 'waiting',
      queuedAt,
      dueAt: new Date(queuedAt.getTime() + callbackMinutes(entryDisposition.timeframe) * 60_000),
      claimedBy: null,
      claimedByName: null,
      claimedAt: null,
      attempts: [],
      outcome: null,
      finishedAt: null,
      finishedBy: null,
    };
    batch.queue.push(entry);
    batch.changes.push({ actor: handler, at: queuedAt, event: queueEntryAddedEvent(entry), audit: false });
    if (clinical.assessedSeconds === null || clinical.assessedSeconds > this.limit()) return null;
    const clinician = pick(w.clinicians, unit(w.seed, `${j.contact}:clinician`));
    const claimedAt = at(w, clinical.assessedSeconds);
    entry.status = 'claimed';
    entry.claimedBy = clinician.id;
    entry.claimedByName = clinician.name;
    entry.claimedAt = claimedAt;
    batch.changes.push({ actor: clinician, at: claimedAt, event: queueEntryChangedEvent('queue.claimed', entry, clinician.name, {}), audit: true });
    if (clinical.endSeconds === null || clinical.outcome === null || clinical.endSeconds > this.limit()) return null;
    const decidedAt = at(w, clinical.endSeconds);
    const decided = w.catalogue.disposition(this.codeFor(clinical.outcome, `${j.contact}:after`))!;
    const outcome: QueueOutcome = {
      kind: 'disposition',
      disposition: decided.code,
      summary: null,
      triageSessionId: null,
      validation: entry.validationOf ? validationVerdictOf(w.catalogue, entry.validationOf, decided.code) : null,
    };
    entry.status = 'done';
    entry.outcome = outcome;
    entry.finishedAt = decidedAt;
    entry.finishedBy = clinician.id;
    c.disposition = this.disposition(decided, clinician, decidedAt, 'clinician', c, null);
    c.updatedAt = decidedAt;
    batch.changes.push({ actor: clinician, at: decidedAt, event: dispositionSetEvent(c.id, c.disposition), audit: true });
    batch.changes.push({ actor: clinician, at: decidedAt, event: queueOutcomeEvent(entry, outcome, clinician.name), audit: false });
    return { group: clinical.outcome, at: decidedAt, clinician };
  }

  /**
   * The directory search and the referrals: services closed at the time are the search's gaps; a
   * service full this hour is referred to and rejects (capacity, reason 22) and goes red; the one
   * that takes the patient accepts, and completes the episode some hours later. None: unmet need
   * (the catch-all), and the patient is sent to ED.
   */
  private referrals(j: ContactJourney, c: Case, batch: HistoryBatch): { at: Date; by: Actor } | 'open' {
    const w = this.world;
    const tried = j.referral!;
    const actor = c.disposition!.setBy === c.openedBy ? (w.callHandlers.find((a) => a.id === c.openedBy) ?? w.callHandlers[0]) : (w.clinicians.find((a) => a.id === c.disposition!.setBy) ?? w.clinicians[0]);
    const searchedAt = new Date(Math.max(at(w, tried.atSeconds).getTime(), c.disposition!.setAt.getTime()));
    const offered = [...tried.rejected.filter((r) => r.reason === 'full').map((r) => r.serviceId), ...(tried.acceptedBy ? [tried.acceptedBy] : [])].map((id) => w.services.get(id)).filter((s): s is HistoryService => Boolean(s));
    const searchId = `srch_${stableId(w.seed, `${j.contact}:search`)}`;
    const catchAll = !tried.acceptedBy;
    const disposition = c.disposition!;
    batch.searches.push({
      id: searchId,
      caseId: c.id,
      request: { disposition: disposition.code, symptomGroup: disposition.symptomGroup, postcode: c.patient.postcode, ageInDays: 0, at: searchedAt.toISOString() },
      results: offered.map((s, i) => ({ serviceId: s.id, name: s.name, typeId: s.typeId, organisationId: s.organisationId, rank: i + 1 })),
      catchAll,
      createdBy: actor.id,
      createdAt: searchedAt,
    });
    batch.changes.push({ actor, at: searchedAt, event: caseSearchedEvent(c.id, searchId, disposition.code, offered.map((s) => s.id), catchAll), audit: true });
    const common = { disposition: disposition.code, symptomGroup: disposition.symptomGroup ?? 0, areaCode: j.areaId, searchedAt: searchedAt.toISOString(), hourOfWeek: hourOfWeekAt(searchedAt) };
    const closed = tried.rejected.filter((r) => r.reason === 'closed').map((r) => w.services.get(r.serviceId)).filter((s): s is HistoryService => Boolean(s));
    const signpost: Actor = { kind: 'system', id: 'signpost', name: 'Signpost', organisationId: null, roles: [] };
    if (closed.length) {
      const payload = { ...common, gaps: closed.map((s) => ({ serviceId: s.id, rule: 'opening' })) } satisfies GapsEventPayload;
      batch.changes.push({ actor: signpost, at: searchedAt, event: { type: 'search.gaps', subjectType: 'search', subjectIds: [j.areaId], payload }, audit: false });
    }
    let t = searchedAt.getTime();
    const passedOver: PassedOver[] = closed.map((s) => ({ serviceId: s.id, serviceName: s.name, reasonCode: '31' as const, reason: PASS_OVER_REASONS['31'], note: 'closed at the time' }));
    for (const [i, service] of offered.entries()) {
      const accepted = service.id === Number(tried.acceptedBy);
      const referral = requestedReferral({
        id: `ref_${stableId(w.seed, `${j.contact}:referral:${i}`)}`,
        caseId: c.id,
        service,
        referrer: actor,
        at: new Date(t),
        disposition: disposition.code,
        summary: null,
        passedOver: [...passedOver],
        searchId,
      });
      batch.referrals.push(referral);
      batch.changes.push({ actor, at: referral.requestedAt, event: referralRequestedEvent(referral, { onward: false, revoked: null, passedOver: referral.passedOver }), audit: true });
      const receiver = w.receiverFor(service.organisationId);
      // The service answers within minutes; at the very end of the history, by its end (so every
      // referral the simulator offered is answered, as it counted it).
      const answerAt = Math.min(w.endsAt.getTime(), t + (accepted ? 5 + unit(w.seed, `${j.contact}:accept`) * 40 : 2 + unit(w.seed, `${j.contact}:reject:${i}`) * 8) * 60_000);
      if (!accepted) {
        this.step(referral, 'reject', receiver, new Date(answerAt), batch, { rejection: { reasonCode: '22', reason: 'No capacity for 111 referrals this hour' } });
        this.wentRed(service, new Date(t), batch, receiver);
        passedOver.push({ serviceId: service.id, serviceName: service.name, reasonCode: '22', reason: PASS_OVER_REASONS['22'], note: 'rejected: no capacity' });
        t = answerAt;
        continue;
      }
      this.step(referral, 'accept', receiver, new Date(answerAt), batch, {});
      const completeAt = answerAt + (1 + unit(w.seed, `${j.contact}:complete`) * 5) * 3600_000;
      if (completeAt > w.endsAt.getTime()) return 'open';
      this.step(referral, 'complete', receiver, new Date(completeAt), batch, { outcome: 'Seen and treated' });
      this.close(c, `Referral to ${service.name} completed`, receiver, new Date(completeAt), batch);
      return { at: new Date(completeAt), by: receiver };
    }
    // Nobody could take the patient: the search's catch-all (unmet need), and ED.
    const payload = { ...common, symptomDiscriminators: [], district: c.patient.postcode?.split(' ')[0] ?? null } satisfies UnmetNeedPayload;
    batch.changes.push({ actor: signpost, at: new Date(t), event: { type: 'search.unmet_need', subjectType: 'search', subjectIds: [j.areaId], payload }, audit: false });
    return { at: new Date(t), by: actor };
  }

  private step(r: Referral, action: 'accept' | 'reject' | 'complete', actor: Actor, when: Date, batch: HistoryBatch, opts: { outcome?: string; rejection?: Referral['rejection'] }): void {
    const result = transition(r.status, action);
    if (!result.ok) throw new Error(`demo history: referral ${r.id} cannot ${action} from ${r.status}`);
    const from = r.status;
    r.status = result.to;
    r.updatedAt = when;
    if (action === 'accept') r.acceptedAt = when;
    if (opts.rejection) r.rejection = opts.rejection;
    if (opts.outcome) r.outcome = opts.outcome;
    if (r.status !== 'requested' && r.status !== 'accepted' && r.status !== 'booked') r.finishedAt = when;
    batch.changes.push({ actor, at: when, event: referralStepEvent(r, action, from, opts), audit: true });
  }

  /** A service that turned a referral away for capacity goes red for the rest of the hour (once an hour). */
  private wentRed(service: HistoryService, when: Date, batch: HistoryBatch, by: Actor): void {
    const hour = Math.floor(when.getTime() / 3600_000);
    if (this.redHour.get(service.id) === hour) return;
    this.redHour.set(service.id, hour);
    const resetAt = new Date((hour + 1) * 3600_000);
    if (resetAt > this.world.endsAt) return;
    const red: CapacityRecord = { serviceId: service.id, status: 'red', reason: 'No capacity for 111 referrals this hour', setBy: by.id, setByName: by.name, setAt: when, resetAt };
    const green: CapacityRecord = { ...red, status: 'green', reason: 'red expired', setBy: 'signpost', setByName: 'Signpost', setAt: resetAt, resetAt };
    batch.capacity.push({ record: red, cause: 'set' }, { record: green, cause: 'expired' });
    batch.changes.push({ actor: by, at: when, event: capacityEvent(red, service.name, 'set'), audit: true });
    const signpost: Actor = { kind: 'system', id: 'signpost', name: 'Signpost', organisationId: null, roles: [] };
    batch.changes.push({ actor: signpost, at: resetAt, event: capacityEvent(green, null, 'expired', 'red'), audit: true });
  }

  /** Ends the episode: the case closed, and the post-event message decision (as episodeEnded makes it). */
  private close(c: Case, reason: string, by: Actor, when: Date, batch: HistoryBatch): void {
    if (when > this.world.endsAt) return;
    c.status = 'closed';
    c.closedAt = when;
    c.closedBy = by.id;
    c.closeReason = reason;
    c.updatedAt = when;
    batch.changes.push({ actor: by, at: when, event: caseClosedEvent(c, reason), audit: true });
    const final = [...batch.referrals].reverse().find((r) => r.caseId === c.id && r.status !== 'revoked' && r.status !== 'cancelled');
    const decision = postEventDecision({
      disposition: c.disposition?.code ?? null,
      registeredPractice: c.patient.registeredPractice,
      finalReferral: final ? { serviceOdsCode: final.serviceOdsCode, serviceTypeId: final.serviceTypeId } : null,
    });
    const practice = c.patient.registeredPractice ? [...this.world.services.values()].find((s) => s.odsCode === c.patient.registeredPractice) : undefined;
    if (decision.send && practice) {
      const messageId = stableId(this.world.seed, `${c.id}:post-event`);
      batch.changes.push({ actor: by, at: when, event: { type: 'post_event.sent', subjectType: 'case', subjectIds: [c.id, messageId, practice.organisationId], payload: { practice: c.patient.registeredPractice, organisationId: practice.organisationId, messageId, external: false } }, audit: false });
    } else {
      const why = decision.send ? `GP practice ${c.patient.registeredPractice} is not in the directory` : decision.reason;
      batch.changes.push({ actor: by, at: when, event: { type: 'post_event.not_sent', subjectType: 'case', subjectIds: [c.id], payload: { reason: why } }, audit: false });
    }
  }
}

/** Where a contact's final group sent the patient (for the reason the case is closed with). */
function routeOf(group: string, j: ContactJourney): string {
  if (j.ambulance) return 'ambulance';
  if (j.referral && !j.referral.acceptedBy) return 'unplaced';
  if (group === 'emergency-department' || j.outcome === 'ed' || j.outcome === 'ed-did-not-attend') return 'ed';
  return 'self-care';
}

const CLOSE_REASONS: Record<string, string> = {
  ambulance: 'Ambulance dispatched',
  ed: 'Advised to attend the emergency department',
  unplaced: 'No service could take the patient: advised to attend the emergency department',
  'self-care': 'Self-care advice given',
};
