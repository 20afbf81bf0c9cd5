/**
 * Runs a scenario plan over its horizon. The engine's demand repeats every week, so a time-bound
 * demand surge (flu +30% for 3 weeks from day 14) is run as stretches of the horizon, each with its
 * own demand: the horizon is cut where a surge starts or ends, each stretch is one engine run
 * started on a Monday at least 3 days before the stretch (those days warm its queues and re-contacts
 * up under the stretch's own demand and are not counted), and the stretches' counts are added up.
 * A baseline and a scenario compared with each other are cut at the same days and use the same
 * seeds, so their boundary effects (a contact still queued at a stretch's end; a re-contact that
 * would have crossed into the next stretch) cancel in the difference. Without surges the run is one
 * engine run with a 7-day warm-up. Counted day 0 is a Monday. (Decision 0030.)
 */
import { simulate } from './engine';
import { HOURS_OF_WEEK, type SimulationInput, type SimulationOutput, type WaitSummary } from './model';
import { replicationSeed } from './random';
import type { Surge } from './scenario';

/** Days run before the counted horizon (one week, so counted day 0 is a Monday). */
export const WARM_UP_DAYS = 7;
/** The least warm-up of a later stretch (re-contacts come back within 72 hours). */
const STRETCH_WARM_UP_DAYS = 3;

export interface Stretch {
  /** counted days, from (inclusive) to (exclusive) */
  fromDay: number;
  toDay: number;
}

/** The horizon cut wherever a surge starts or ends. */
export function stretchesOf(horizonDays: number, surges: readonly Surge[]): Stretch[] {
  const cuts = new Set([0, horizonDays]);
  for (const s of surges) {
    for (const day of [s.startDay, s.startDay + s.days]) if (day > 0 && day < horizonDays) cuts.add(day);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  return sorted.slice(0, -1).map((fromDay, i) => ({ fromDay, toDay: sorted[i + 1] }));
}

/** Each area's demand factor in a stretch: the product of the surges covering it. */
function factorsIn(stretch: Stretch, surges: readonly Surge[]): Map<string, number> {
  const factors = new Map<string, number>();
  for (const s of surges) {
    if (s.startDay <= stretch.fromDay && stretch.toDay <= s.startDay + s.days) {
      for (const area of s.areas) factors.set(area, (factors.get(area) ?? 1) * s.factor);
    }
  }
  return factors;
}

/** The engine input for one stretch: demand scaled, started on the Monday that leaves enough warm-up. */
export function stretchInput(input: SimulationInput, stretch: Stretch, surges: readonly Surge[], seed: number): SimulationInput {
  const start = WARM_UP_DAYS + stretch.fromDay;
  const end = WARM_UP_DAYS + stretch.toDay;
  const engineStart = stretch.fromDay === 0 ? 0 : 7 * Math.floor((start - STRETCH_WARM_UP_DAYS) / 7);
  const factors = factorsIn(stretch, surges);
  return {
    ...input,
    seed,
    horizonDays: end - engineStart,
    warmUpDays: start - engineStart,
    areas: input.areas.map((a) => (factors.has(a.id) ? { ...a, callsPerHourOfWeek: a.callsPerHourOfWeek.map((r) => r * factors.get(a.id)!) } : a)),
  };
}

/** The seed of a stretch: the replication's own for the first, derived ones after. */
const stretchSeed = (seed: number, index: number) => (index === 0 ? seed : replicationSeed(seed, 10_000 + index));

/** One replication of a plan over the horizon (cut at `stretches`), its counts added up. */
export function runStretches(input: SimulationInput, surges: readonly Surge[], stretches: readonly Stretch[], seed: number): SimulationOutput {
  const parts = stretches.map((stretch, i) => ({ stretch, output: simulate(stretchInput(input, stretch, surges, stretchSeed(seed, i))) }));
  return parts.length === 1 ? parts[0].output : mergeOutputs(parts);
}

/** How many times each hour of the week is counted in counted days [fromDay, toDay) (day 0 a Monday). */
export function hourOccurrences(fromDay: number, toDay: number): number[] {
  const occurrences = new Array<number>(HOURS_OF_WEEK).fill(0);
  for (let day = fromDay; day < toDay; day++) for (let h = 0; h < 24; h++) occurrences[(day % 7) * 24 + h]++;
  return occurrences;
}

const addInto = <T extends Record<string, number>>(into: T, from: T) => {
  for (const key of Object.keys(from) as (keyof T)[]) (into[key] as number) = ((into[key] as number) ?? 0) + from[key];
};

/**
 * Adds the stretches' outputs. Counts add; shares are recomputed from them; queue lengths and
 * utilisation by hour are averaged by the time each stretch observed that hour; a 95th centile of
 * waits is the count-weighted mean of the stretches' (an approximation: the parts' waits are not kept).
 */
export function mergeOutputs(parts: readonly { stretch: Stretch; output: SimulationOutput }[]): SimulationOutput {
  const out: SimulationOutput = structuredClone(parts[0].output);
  const occurrence = parts.map((p) => hourOccurrences(p.stretch.fromDay, p.stretch.toDay));
  const totalOccurrence = occurrence.reduce((acc, o) => acc.map((v, h) => v + o[h]), new Array<number>(HOURS_OF_WEEK).fill(0));
  const waits = (pick: (o: SimulationOutput) => WaitSummary): WaitSummary => {
    const count = parts.reduce((a, p) => a + pick(p.output).count, 0);
    const weighted = (f: (w: WaitSummary) => number) => (count > 0 ? parts.reduce((a, p) => a + pick(p.output).count * f(pick(p.output)), 0) / count : 0);
    return { count, meanSeconds: weighted((w) => w.meanSeconds), p95Seconds: weighted((w) => w.p95Seconds) };
  };
  for (const { output } of parts.slice(1)) {
    out.observedHours += output.observedHours;
    out.events += output.events;
    const { timeToAnswer: _t, serviceLevel: _s, abandonedShare: _a, ...callCounts } = output.calls;
    addInto(out.calls as unknown as Record<string, number>, callCounts as unknown as Record<string, number>);
    out.triaged += output.triaged;
    out.clinical.queued += output.clinical.queued;
    out.clinical.assessed += output.clinical.assessed;
    for (const [tf, counts] of Object.entries(output.clinical.byTimeframe)) {
      if (!out.clinical.byTimeframe[tf]) out.clinical.byTimeframe[tf] = { offered: 0, withinTimeframe: 0, breached: 0 };
      addInto(out.clinical.byTimeframe[tf], counts);
    }
    addInto(out.dispositions, output.dispositions);
    addInto(out.afterAssessment, output.afterAssessment);
    for (const [id, activity] of Object.entries(output.referrals)) {
      if (!out.referrals[id]) out.referrals[id] = { offered: 0, accepted: 0, rejectedClosed: 0, rejectedFull: 0 };
      addInto(out.referrals[id] as unknown as Record<string, number>, activity as unknown as Record<string, number>);
    }
    for (const [id, org] of Object.entries(output.organisations)) {
      out.organisations[id] = { accepted: (out.organisations[id]?.accepted ?? 0) + org.accepted };
    }
    addInto(out.acute, output.acute);
    addInto(out.outcomes, output.outcomes);
  }
  out.calls.timeToAnswer = waits((o) => o.calls.timeToAnswer);
  out.calls.serviceLevel = out.calls.answered > 0 ? out.calls.answeredWithinTarget / out.calls.answered : 0;
  out.calls.abandonedShare = out.calls.offered > 0 ? out.calls.abandoned / out.calls.offered : 0;
  out.clinical.wait = waits((o) => o.clinical.wait);
  const hourly = out.byHourOfWeek;
  for (let h = 0; h < HOURS_OF_WEEK; h++) {
    const byTime = (pick: (o: SimulationOutput) => number[]) =>
      totalOccurrence[h] > 0 ? parts.reduce((a, p, i) => a + pick(p.output)[h] * occurrence[i][h], 0) / totalOccurrence[h] : 0;
    hourly.offered[h] = parts.reduce((a, p) => a + p.output.byHourOfWeek.offered[h], 0);
    hourly.callQueueLength[h] = byTime((o) => o.byHourOfWeek.callQueueLength);
    hourly.clinicalQueueLength[h] = byTime((o) => o.byHourOfWeek.clinicalQueueLength);
    hourly.handlerUtilisation[h] = byTime((o) => o.byHourOfWeek.handlerUtilisation);
    hourly.clinicianUtilisation[h] = byTime((o) => o.byHourOfWeek.clinicianUtilisation);
  }
  for (const queue of ['callQueue', 'clinicalQueue'] as const) {
    const seconds = parts.map((p) => p.output.observedHours * 3600);
    const total = seconds.reduce((a, b) => a + b, 0);
    const arrivals = parts.map((p, i) => p.output.littlesLaw[queue].arrivalRate * seconds[i]);
    const allArrivals = arrivals.reduce((a, b) => a + b, 0);
    out.littlesLaw[queue] = {
      meanQueueLength: parts.reduce((a, p, i) => a + p.output.littlesLaw[queue].meanQueueLength * seconds[i], 0) / total,
      arrivalRate: allArrivals / total,
      meanWaitSeconds: allArrivals > 0 ? parts.reduce((a, p, i) => a + p.output.littlesLaw[queue].meanWaitSeconds * arrivals[i], 0) / allArrivals : 0,
    };
  }
  return out;
}
