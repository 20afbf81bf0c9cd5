/**
 * The discrete-event simulation of an urgent care system (decision 0026). Contacts arrive by hour of
 * the week, area and age band; wait for a call handler (or hang up when their patience runs out);
 * are triaged to a disposition group; go home, to ED, to an ambulance, to a service that is open and
 * has room (or the next eligible one, or ED), or to the clinical queue, where clinicians call back
 * by priority and decide the outcome. Some call again within 24 or 72 hours. Pure: no I/O, no clock,
 * every random draw from the seeded generator, so one input and seed always give one output.
 */
import { pickIndex } from './distributions';
import { EventHeap } from './heap';
import { WaitHistogram } from './histogram';
import { compile, type CompiledModel } from './compiled';
import { assertRunnable, HOURS_OF_WEEK, type QueueCheck, type SimulationInput, type SimulationOutput } from './model';
import { Rng } from './random';
import { Contacts, DONE, emptyOutput, Fifo, IN_ASSESSMENT, IN_CALL, WAITING_CALL, WAITING_CLINICAL } from './engine-state';
import { JourneyRecorder, type JourneyOutcome, type SimulateOptions } from './journey';

const ARRIVAL = 0;
const ABANDON = 1;
const CALL_END = 2;
const ASSESSMENT_END = 3;
const CLOCK = 4;
const RECONTACT = 5;


const HALF_HOUR = 1800;
const HOUR = 3600;

/**
 * Runs one replication with the input's seed (or `seed`). Throws 422 when the scenario cannot run.
 * `options.onJourney` receives each contact's journey as it ends; the run's draws and counters are the
 * same with or without it.
 */
export function simulate(input: SimulationInput, seed = input.seed, options: SimulateOptions = {}): SimulationOutput {
  assertRunnable(input);
  const model = compile(input);
  const journeys = options.onJourney
    ? new JourneyRecorder(model, input.areas.map((a) => a.id), input.ageBands, options.onJourney)
    : null;
  return new Simulation(model, seed, journeys).run();
}

class Simulation {
  private readonly rng: Rng;
  private readonly heap = new EventHeap(4096);
  private now = 0;
  private events = 0;
  private readonly contacts = new Contacts();
  // Call handling and the clinical queue.
  private readonly callQueue = new Fifo();
  private callsWaiting = 0;
  private handlersOnDuty = 0;
  private handlersBusy = 0;
  private readonly clinicalQueues: Fifo[];
  private clinicalWaiting = 0;
  private cliniciansOnDuty = 0;
  private cliniciansBusy = 0;
  // Counters by index (turned into records keyed by id at the end).
  private readonly dispositionCounts: Float64Array;
  private readonly afterAssessmentCounts: Float64Array;
  private readonly serviceOffered: Float64Array;
  private readonly serviceAccepted: Float64Array;
  private readonly serviceClosed: Float64Array;
  private readonly serviceFull: Float64Array;
  private readonly timeframeOffered: Float64Array;
  private readonly timeframeWithin: Float64Array;
  private readonly timeframeBreached: Float64Array;
  // Services: referrals taken in the current clock hour.
  private readonly usedHour: number[];
  private readonly usedCount: number[];
  // Time integrals by hour of the week, from the end of the warm-up.
  private lastTime = 0;
  private readonly observed = new Float64Array(HOURS_OF_WEEK);
  private readonly callQueueArea = new Float64Array(HOURS_OF_WEEK);
  private readonly clinicalQueueArea = new Float64Array(HOURS_OF_WEEK);
  private readonly handlerBusyArea = new Float64Array(HOURS_OF_WEEK);
  private readonly handlerDutyArea = new Float64Array(HOURS_OF_WEEK);
  private readonly clinicianBusyArea = new Float64Array(HOURS_OF_WEEK);
  private readonly clinicianDutyArea = new Float64Array(HOURS_OF_WEEK);
  private integralHour = 0;
  private observedSince = 0;
  private callQueueSince = 0;
  private clinicalQueueSince = 0;
  private handlerBusySince = 0;
  private handlerDutySince = 0;
  private clinicianBusySince = 0;
  private clinicianDutySince = 0;
  // Little's law: entries to each queue after the warm-up and their total time in it.
  private callEntries = 0;
  private callQueueTime = 0;
  private clinicalEntries = 0;
  private clinicalQueueTime = 0;
  private readonly callWaits = new WaitHistogram(1, 4 * HOUR);
  private readonly clinicalWaits = new WaitHistogram(10, 3 * 86_400);
  private readonly out: SimulationOutput;

  constructor(
    private readonly model: CompiledModel,
    seed: number,
    /** journeys for a caller who asked (null: none, and no cost beyond a null check) */
    private readonly journeys: JourneyRecorder | null = null,
  ) {
    this.rng = new Rng(seed);
    this.clinicalQueues = model.timeframes.map(() => new Fifo());
    this.usedHour = model.serviceIds.map(() => -1);
    this.usedCount = model.serviceIds.map(() => 0);
    this.out = emptyOutput(model, seed);
    const groups = model.groups.length;
    const services = model.serviceIds.length;
    const timeframes = model.timeframes.length;
    this.dispositionCounts = new Float64Array(groups);
    this.afterAssessmentCounts = new Float64Array(groups);
    this.serviceOffered = new Float64Array(services);
    this.serviceAccepted = new Float64Array(services);
    this.serviceClosed = new Float64Array(services);
    this.serviceFull = new Float64Array(services);
    this.timeframeOffered = new Float64Array(timeframes);
    this.timeframeWithin = new Float64Array(timeframes);
    this.timeframeBreached = new Float64Array(timeframes);
  }

  run(): SimulationOutput {
    const m = this.model;
    m.areaRatesPerSecond.forEach((_, area) => this.scheduleArrival(area, 0));
    this.heap.push(0, CLOCK, 0);
    const heap = this.heap;
    while (heap.size > 0 && heap.peekTime() <= m.horizonSeconds) {
      const time = heap.peekTime();
      const kind = heap.topKind();
      const payload = heap.topPayload();
      heap.pop();
      this.advance(time);
      this.events++;
      switch (kind) {
        case ARRIVAL:
          this.arrive(payload);
          break;
        case ABANDON:
          this.abandon(payload);
          break;
        case CALL_END:
          this.endCall(payload);
          break;
        case ASSESSMENT_END:
          this.endAssessment(payload);
          break;
        case CLOCK:
          this.tick();
          break;
        case RECONTACT:
          this.newContact(this.contacts.area[payload], this.contacts.band[payload], payload);
          break;
      }
    }
    this.advance(m.horizonSeconds);
    this.flushIntegrals();
    this.journeys?.flush(m.horizonSeconds);
    return this.finish();
  }

  /** The next arrival of an area's non-homogeneous Poisson stream, hour by hour (exact: memoryless). */
  private scheduleArrival(area: number, from: number): void {
    const rates = this.model.areaRatesPerSecond[area];
    let t = from;
    for (let hours = 0; hours <= HOURS_OF_WEEK; t = (Math.floor(t / HOUR) + 1) * HOUR) {
      if (t > this.model.horizonSeconds) return;
      const rate = rates[hourOfWeek(t)];
      if (rate > 0) {
        const next = t - Math.log(this.rng.open()) / rate;
        if (next < (Math.floor(t / HOUR) + 1) * HOUR) {
          this.heap.push(next, ARRIVAL, area);
          return;
        }
      } else hours++; // a week of zero rates: this area has no demand
    }
  }

  private arrive(area: number): void {
    const band = pickIndex(this.model.areaBandCumulative[area], this.rng.next());
    this.newContact(area, band, -1);
    this.scheduleArrival(area, this.now);
  }

  /** A new call; `recontactOf` is the earlier contact calling again, or -1. */
  private newContact(area: number, band: number, recontactOf: number): void {
    const counted = this.now >= this.model.warmUpSeconds;
    const id = this.contacts.add(this.now, area, band, counted);
    if (this.journeys) this.journeys.arrived(id, this.now, area, band, counted, recontactOf);
    if (counted) {
      this.out.calls.offered++;
      if (recontactOf >= 0) this.out.calls.recontacts++;
      this.out.byHourOfWeek.offered[hourOfWeek(this.now)]++;
      this.callEntries++;
    }
    if (this.handlersBusy < this.handlersOnDuty && this.callsWaiting === 0) {
      this.answer(id);
      return;
    }
    this.callQueue.push(id);
    this.callsWaiting++;
    this.heap.push(this.now + this.model.patience(this.rng), ABANDON, id);
  }

  private abandon(id: number): void {
    if (this.contacts.state[id] !== WAITING_CALL) return; // answered before patience ran out
    this.contacts.state[id] = DONE;
    this.callsWaiting--;
    if (this.contacts.counted[id]) {
      this.out.calls.abandoned++;
      this.out.outcomes.abandoned++;
      this.callQueueTime += this.now - this.contacts.arrival[id];
    }
    if (this.journeys) this.journeys.ended(id, this.now, 'abandoned');
    if (this.rng.next() < this.model.redial) this.heap.push(this.now + this.model.redialDelay(this.rng), RECONTACT, id);
  }

  private answer(id: number): void {
    const wait = this.now - this.contacts.arrival[id];
    this.contacts.state[id] = IN_CALL;
    this.handlersBusy++;
    if (this.journeys) this.journeys.answered(id, this.now, wait);
    if (this.contacts.counted[id]) {
      const calls = this.out.calls;
      calls.answered++;
      if (wait <= this.model.answeredWithinSeconds) calls.answeredWithinTarget++;
      calls.totalTimeToAnswerSeconds += wait;
      this.callWaits.add(wait);
      this.callQueueTime += wait;
    }
    this.heap.push(this.now + this.model.handle(this.rng), CALL_END, id);
  }

  private dispatchCalls(): void {
    while (this.handlersBusy < this.handlersOnDuty && this.callsWaiting > 0) {
      const id = this.callQueue.shift();
      if (this.contacts.state[id] !== WAITING_CALL) continue; // hung up while queued
      this.callsWaiting--;
      this.answer(id);
    }
  }

  private endCall(id: number): void {
    this.handlersBusy--;
    const m = this.model;
    const band = this.contacts.band[id];
    const group = m.mixIds[band][pickIndex(m.mixCumulative[band], this.rng.next())];
    if (this.contacts.counted[id]) {
      this.out.triaged++;
      this.dispositionCounts[group]++;
    }
    if (this.journeys) this.journeys.triaged(id, this.now, group);
    this.route(id, group);
    this.dispatchCalls();
  }

  private route(id: number, group: number): void {
    const g = this.model.groups[group];
    this.contacts.group[id] = group;
    switch (g.route) {
      case 'self-care':
        if (this.contacts.counted[id]) this.out.outcomes.selfCare++;
        return this.finishContact(id, 'self-care');
      case 'ed':
        if (this.contacts.counted[id]) this.out.acute.edDispositions++;
        return this.toEd(id);
      case 'ambulance':
        return this.toAmbulance(id);
      case 'service':
        return this.refer(id, group);
      case 'clinical':
        return this.queueClinical(id, g.priority);
    }
  }

  private toEd(id: number): void {
    const counted = this.contacts.counted[id];
    if (this.rng.next() < this.model.edAttendance) {
      if (counted) {
        this.out.outcomes.ed++;
        this.attendEd(id);
      }
      this.finishContact(id, 'ed');
    } else {
      if (counted) this.out.outcomes.edDidNotAttend++;
      this.finishContact(id, 'ed-did-not-attend');
    }
  }

  /** A counted contact attends ED (some are admitted). */
  private attendEd(id: number): void {
    this.out.acute.edAttendances++;
    if (this.journeys) this.journeys.edAttended(id);
    if (this.rng.next() < this.model.admission) {
      this.out.acute.admissions++;
      if (this.journeys) this.journeys.admitted(id);
    }
  }

  private toAmbulance(id: number): void {
    const conveyed = this.rng.next() < this.model.conveyance;
    if (this.journeys) this.journeys.ambulance(id, conveyed);
    if (this.contacts.counted[id]) {
      this.out.acute.ambulanceResponses++;
      if (conveyed) {
        this.out.acute.conveyances++;
        this.out.outcomes.ambulanceConveyed++;
        this.attendEd(id);
      } else this.out.outcomes.ambulanceSeeAndTreat++;
    }
    this.finishContact(id, conveyed ? 'ambulance-conveyed' : 'ambulance-see-and-treat');
  }

  /** Offers the referral to each eligible service in turn; the first open with room this hour takes it. */
  private refer(id: number, group: number): void {
    const m = this.model;
    const counted = this.contacts.counted[id];
    const hourIndex = Math.floor(this.now / HOUR);
    const how = hourOfWeek(this.now);
    for (const service of m.eligible[(this.contacts.area[id] * m.bands + this.contacts.band[id]) * m.groups.length + group]) {
      if (counted) this.serviceOffered[service]++;
      const capacity = m.serviceCapacity[service][how];
      if (capacity <= 0) {
        if (counted) this.serviceClosed[service]++;
        if (this.journeys) this.journeys.referralTried(id, this.now, group, service, false, 'closed');
        continue;
      }
      if (this.usedHour[service] !== hourIndex) {
        this.usedHour[service] = hourIndex;
        this.usedCount[service] = 0;
      }
      if (this.usedCount[service] >= capacity) {
        if (counted) this.serviceFull[service]++;
        if (this.journeys) this.journeys.referralTried(id, this.now, group, service, false, 'full');
        continue;
      }
      this.usedCount[service]++;
      if (counted) {
        this.serviceAccepted[service]++;
        this.out.outcomes.referred++;
      }
      if (this.journeys) this.journeys.referralTried(id, this.now, group, service, true, null);
      return this.finishContact(id, 'referred');
    }
    if (this.journeys) this.journeys.referralUnplaced(id, this.now, group);
    if (counted) {
      this.out.acute.unplacedToEd++;
      this.out.outcomes.ed++;
      this.attendEd(id);
    }
    this.finishContact(id, 'ed');
  }

  private queueClinical(id: number, priority: number): void {
    this.contacts.state[id] = WAITING_CLINICAL;
    this.contacts.queuedAt[id] = this.now;
    if (this.journeys) this.journeys.queued(id, this.now, this.contacts.group[id]);
    if (this.contacts.counted[id]) {
      this.out.clinical.queued++;
      this.timeframeOffered[priority]++;
      this.clinicalEntries++;
    }
    this.clinicalQueues[priority].push(id);
    this.clinicalWaiting++;
    this.dispatchClinical();
  }

  private dispatchClinical(): void {
    while (this.cliniciansBusy < this.cliniciansOnDuty && this.clinicalWaiting > 0) {
      let priority = 0;
      while (this.clinicalQueues[priority].empty) priority++;
      const queue = this.clinicalQueues[priority];
      const id = queue.shift();
      this.clinicalWaiting--;
      this.cliniciansBusy++;
      this.contacts.state[id] = IN_ASSESSMENT;
      if (this.journeys) this.journeys.assessmentStarted(id, this.now);
      if (this.contacts.counted[id]) {
        const wait = this.now - this.contacts.queuedAt[id];
        const group = this.model.groups[this.contacts.group[id]];
        if (wait <= group.callbackSeconds) this.timeframeWithin[group.priority]++;
        else this.timeframeBreached[group.priority]++;
        this.clinicalWaits.add(wait);
        this.clinicalQueueTime += wait;
      }
      this.heap.push(this.now + this.model.assessment(this.rng), ASSESSMENT_END, id);
    }
  }

  private endAssessment(id: number): void {
    this.cliniciansBusy--;
    const g = this.model.groups[this.contacts.group[id]];
    const next = g.afterIds[pickIndex(g.afterCumulative, this.rng.next())];
    if (this.contacts.counted[id]) {
      this.out.clinical.assessed++;
      this.afterAssessmentCounts[next]++;
    }
    if (this.journeys) this.journeys.assessed(id, this.now, next);
    this.route(id, next);
    this.dispatchClinical();
  }

  private finishContact(id: number, outcome: JourneyOutcome): void {
    this.contacts.state[id] = DONE;
    if (this.journeys) this.journeys.ended(id, this.now, outcome);
    const u = this.rng.next();
    const m = this.model;
    if (u < m.recontact24) this.heap.push(this.now + this.rng.next() * 86_400, RECONTACT, id);
    else if (u < m.recontact24 + m.recontact72) this.heap.push(this.now + 86_400 + this.rng.next() * 2 * 86_400, RECONTACT, id);
  }

  /** Every half hour: the rotas change (people finishing a shift first finish their current contact). */
  private tick(): void {
    this.flushIntegrals();
    const halfHour = Math.floor(this.now / HALF_HOUR) % (2 * HOURS_OF_WEEK);
    this.handlersOnDuty = this.model.handlersPerHalfHour[halfHour];
    this.cliniciansOnDuty = this.model.cliniciansPerHalfHour[halfHour];
    this.dispatchCalls();
    this.dispatchClinical();
    this.heap.push(this.now + HALF_HOUR, CLOCK, 0);
  }

  /**
   * Adds the time since the last event to the running integrals (scalars: this runs on every event);
   * the clock's tick moves them into their hour of the week, so no interval crosses an hour.
   */
  private advance(time: number): void {
    const from = this.lastTime > this.model.warmUpSeconds ? this.lastTime : this.model.warmUpSeconds;
    if (time > from) {
      const dt = time - from;
      this.observedSince += dt;
      this.callQueueSince += dt * this.callsWaiting;
      this.clinicalQueueSince += dt * this.clinicalWaiting;
      this.handlerBusySince += dt * this.handlersBusy;
      this.handlerDutySince += dt * (this.handlersOnDuty > this.handlersBusy ? this.handlersOnDuty : this.handlersBusy);
      this.clinicianBusySince += dt * this.cliniciansBusy;
      this.clinicianDutySince += dt * (this.cliniciansOnDuty > this.cliniciansBusy ? this.cliniciansOnDuty : this.cliniciansBusy);
    }
    if (time > this.lastTime) this.lastTime = time;
    this.now = time;
  }

  /** Moves the running integrals into the hour of the week they were gathered in, and starts the next. */
  private flushIntegrals(): void {
    const h = this.integralHour;
    this.observed[h] += this.observedSince;
    this.callQueueArea[h] += this.callQueueSince;
    this.clinicalQueueArea[h] += this.clinicalQueueSince;
    this.handlerBusyArea[h] += this.handlerBusySince;
    this.handlerDutyArea[h] += this.handlerDutySince;
    this.clinicianBusyArea[h] += this.clinicianBusySince;
    this.clinicianDutyArea[h] += this.clinicianDutySince;
    this.observedSince = this.callQueueSince = this.clinicalQueueSince = 0;
    this.handlerBusySince = this.handlerDutySince = this.clinicianBusySince = this.clinicianDutySince = 0;
    this.integralHour = hourOfWeek(this.now);
  }

  private finish(): SimulationOutput {
    const out = this.out;
    const end = this.model.horizonSeconds;
    // Contacts still queued at the end: their time so far counts towards Little's law.
    for (let id = 0; id < this.contacts.size; id++) {
      if (!this.contacts.counted[id] || this.contacts.state[id] === DONE) continue;
      out.outcomes.stillInSystem++;
      if (this.contacts.state[id] === WAITING_CALL) this.callQueueTime += end - this.contacts.arrival[id];
      if (this.contacts.state[id] === WAITING_CLINICAL) this.clinicalQueueTime += end - this.contacts.queuedAt[id];
    }
    this.countersToRecords();
    const seconds = end - this.model.warmUpSeconds;
    out.observedHours = seconds / HOUR;
    out.events = this.events;
    out.calls.timeToAnswer = this.callWaits.summary();
    out.calls.serviceLevel = ratio(out.calls.answeredWithinTarget, out.calls.answered);
    out.calls.abandonedShare = ratio(out.calls.abandoned, out.calls.offered);
    out.clinical.wait = this.clinicalWaits.summary();
    const hourly = out.byHourOfWeek;
    for (let h = 0; h < HOURS_OF_WEEK; h++) {
      hourly.callQueueLength[h] = ratio(this.callQueueArea[h], this.observed[h]);
      hourly.clinicalQueueLength[h] = ratio(this.clinicalQueueArea[h], this.observed[h]);
      hourly.handlerUtilisation[h] = ratio(this.handlerBusyArea[h], this.handlerDutyArea[h]);
      hourly.clinicianUtilisation[h] = ratio(this.clinicianBusyArea[h], this.clinicianDutyArea[h]);
    }
    out.littlesLaw = {
      callQueue: queueCheck(total(this.callQueueArea), seconds, this.callEntries, this.callQueueTime),
      clinicalQueue: queueCheck(total(this.clinicalQueueArea), seconds, this.clinicalEntries, this.clinicalQueueTime),
    };
    return out;
  }

  private countersToRecords(): void {
    const m = this.model;
    const out = this.out;
    m.groups.forEach((g, i) => {
      out.dispositions[g.id] = this.dispositionCounts[i];
      out.afterAssessment[g.id] = this.afterAssessmentCounts[i];
    });
    m.serviceIds.forEach((service, i) => {
      out.referrals[service] = { offered: this.serviceOffered[i], accepted: this.serviceAccepted[i], rejectedClosed: this.serviceClosed[i], rejectedFull: this.serviceFull[i] };
      out.organisations[m.serviceOrganisation[i]].accepted += this.serviceAccepted[i];
    });
    m.timeframes.forEach((seconds, i) => {
      out.clinical.byTimeframe[seconds / 60] = { offered: this.timeframeOffered[i], withinTimeframe: this.timeframeWithin[i], breached: this.timeframeBreached[i] };
    });
  }
}

/** Hour of the week (0 = Monday 00:00–01:00); integer modulo, much cheaper than a float one. */
function hourOfWeek(seconds: number): number {
  return Math.floor(seconds / HOUR) % HOURS_OF_WEEK;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const total = (values: Float64Array) => values.reduce((a, b) => a + b, 0);

function queueCheck(area: number, seconds: number, entries: number, time: number): QueueCheck {
  return { meanQueueLength: ratio(area, seconds), arrivalRate: ratio(entries, seconds), meanWaitSeconds: ratio(time, entries) };
}
