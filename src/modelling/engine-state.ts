/**
 * The engine's bookkeeping: contacts as parallel typed arrays, FIFO queues of contact ids, and the
 * empty output a run fills in. Nothing here allocates per contact once grown.
 */
import type { CompiledModel } from './compiled';
import { HOURS_OF_WEEK, type ServiceActivity, type SimulationOutput } from './model';

/** Where a contact is. */
export const WAITING_CALL = 0;
export const IN_CALL = 1;
export const WAITING_CLINICAL = 2;
export const IN_ASSESSMENT = 3;
export const DONE = 4;

/** A FIFO of contact ids in a growable ring buffer: no allocation per contact. */
export class Fifo {
  private items = new Int32Array(1024);
  private head = 0;
  private length = 0;
  get empty(): boolean {
    return this.length === 0;
  }
  push(id: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      for (let i = 0; i < this.length; i++) grown[i] = this.items[(this.head + i) % this.items.length];
      this.items = grown;
      this.head = 0;
    }
    this.items[(this.head + this.length++) % this.items.length] = id;
  }
  shift(): number {
    const id = this.items[this.head];
    this.head = (this.head + 1) % this.items.length;
    this.length--;
    return id;
  }
}

/** Contacts as parallel typed arrays indexed by contact id, doubled when full. */
export class Contacts {
  size = 0;
  arrival = new Float64Array(1 << 14);
  queuedAt = new Float64Array(1 << 14);
  area = new Int32Array(1 << 14);
  band = new Int32Array(1 << 14);
  group = new Int32Array(1 << 14);
  state = new Uint8Array(1 << 14);
  counted = new Uint8Array(1 << 14);

  add(time: number, area: number, band: number, counted: boolean): number {
    if (this.size === this.arrival.length) this.grow();
    const id = this.size++;
    this.arrival[id] = time;
    this.queuedAt[id] = time;
    this.area[id] = area;
    this.band[id] = band;
    this.group[id] = -1;
    this.state[id] = WAITING_CALL;
    this.counted[id] = counted ? 1 : 0;
    return id;
  }

  private grow(): void {
    const n = this.arrival.length * 2;
    const f64 = (a: Float64Array) => {
      const grown = new Float64Array(n);
      grown.set(a);
      return grown;
    };
    const i32 = (a: Int32Array) => {
      const grown = new Int32Array(n);
      grown.set(a);
      return grown;
    };
    const u8 = (a: Uint8Array) => {
      const grown = new Uint8Array(n);
      grown.set(a);
      return grown;
    };
    this.arrival = f64(this.arrival);
    this.queuedAt = f64(this.queuedAt);
    this.area = i32(this.area);
    this.band = i32(this.band);
    this.group = i32(this.group);
    this.state = u8(this.state);
    this.counted = u8(this.counted);
  }
}


export function emptyOutput(model: CompiledModel, seed: number): SimulationOutput {
  const zeros = () => new Array<number>(HOURS_OF_WEEK).fill(0);
  const byGroup = () => Object.fromEntries(model.groups.map((g) => [g.id, 0]));
  const referrals: Record<string, ServiceActivity> = {};
  for (const id of model.serviceIds) referrals[id] = { offered: 0, accepted: 0, rejectedClosed: 0, rejectedFull: 0 };
  return {
    seed,
    observedHours: 0,
    events: 0,
    calls: {
      offered: 0,
      recontacts: 0,
      answered: 0,
      answeredWithinTarget: 0,
      abandoned: 0,
      totalTimeToAnswerSeconds: 0,
      timeToAnswer: { count: 0, meanSeconds: 0, p95Seconds: 0 },
      serviceLevel: 0,
      abandonedShare: 0,
    },
    triaged: 0,
    clinical: {
      queued: 0,
      assessed: 0,
      wait: { count: 0, meanSeconds: 0, p95Seconds: 0 },
      byTimeframe: Object.fromEntries(model.timeframes.map((t) => [t / 60, { offered: 0, withinTimeframe: 0, breached: 0 }])),
    },
    dispositions: byGroup(),
    afterAssessment: byGroup(),
    referrals,
    organisations: Object.fromEntries(model.serviceOrganisation.map((o) => [o, { accepted: 0 }])),
    acute: { edDispositions: 0, edAttendances: 0, ambulanceResponses: 0, conveyances: 0, admissions: 0, unplacedToEd: 0 },
    outcomes: { abandoned: 0, selfCare: 0, referred: 0, ed: 0, edDidNotAttend: 0, ambulanceSeeAndTreat: 0, ambulanceConveyed: 0, stillInSystem: 0 },
    byHourOfWeek: { offered: zeros(), callQueueLength: zeros(), clinicalQueueLength: zeros(), handlerUtilisation: zeros(), clinicianUtilisation: zeros() },
    littlesLaw: {
      callQueue: { meanQueueLength: 0, arrivalRate: 0, meanWaitSeconds: 0 },
      clinicalQueue: { meanQueueLength: 0, arrivalRate: 0, meanWaitSeconds: 0 },
    },
  };
}
