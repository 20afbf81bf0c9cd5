/**
 * Staffing from queueing theory: Erlang C (M/M/n, callers wait as long as it takes) and Erlang A
 * (M/M/n+M, callers hang up after an exponential patience), per half hour, beside a rota's cover.
 * Numerically stable for hundreds of agents: Erlang B by its recursion B(k) = aB(k−1)/(k + aB(k−1)),
 * never factorials, and Erlang A's stationary distribution in logarithms.
 */

export interface QueueMeasures {
  agents: number;
  /** offered load in erlangs (arrival rate × mean handling time) */
  load: number;
  probabilityOfWait: number;
  /** mean time to answer over all callers (seconds); Infinity when the queue grows without bound */
  meanWaitSeconds: number;
  /** share of callers answered within the target (of those offered) */
  answeredWithinTarget: number;
  /** share of answered calls answered within the target (the IUC ADC's B01/A03) */
  serviceLevel: number;
  probabilityOfAbandon: number;
  /** busy agents / agents */
  occupancy: number;
}

/** Erlang B: the blocking probability of `agents` servers offered `load` erlangs. */
export function erlangB(agents: number, load: number): number {
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (load * b) / (k + load * b);
  return b;
}

/** Erlang C: the probability a caller waits (1 when agents ≤ load: the queue grows without bound). */
export function erlangC(agents: number, load: number): number {
  if (load <= 0) return 0;
  if (agents <= load) return 1;
  const b = erlangB(agents, load);
  return (agents * b) / (agents - load * (1 - b));
}

/** Erlang C's measures for `arrivalsPerSecond`, a mean handling time and a target answer time. */
export function erlangCMeasures(agents: number, arrivalsPerSecond: number, handleSeconds: number, targetSeconds: number): QueueMeasures {
  const load = arrivalsPerSecond * handleSeconds;
  if (load <= 0) return idle(agents);
  if (agents <= load) {
    return { agents, load, probabilityOfWait: 1, meanWaitSeconds: Infinity, answeredWithinTarget: 0, serviceLevel: 0, probabilityOfAbandon: 0, occupancy: 1 };
  }
  const c = erlangC(agents, load);
  const within = 1 - c * Math.exp((-(agents - load) * targetSeconds) / handleSeconds);
  return {
    agents,
    load,
    probabilityOfWait: c,
    meanWaitSeconds: (c * handleSeconds) / (agents - load),
    answeredWithinTarget: within,
    serviceLevel: within,
    probabilityOfAbandon: 0,
    occupancy: load / agents,
  };
}

/**
 * Erlang A's measures (M/M/n+M, patience exponential with mean `patienceSeconds`). The stationary
 * distribution is a birth–death chain: π(j) ∝ a^j/j! up to n agents, then each step × λ/(nμ + kθ).
 * The share answered within the target follows a caller through the queue: with k callers ahead the
 * line shortens at nμ + kθ, and the caller hangs up at θ — solved by uniformisation.
 */
export function erlangAMeasures(agents: number, arrivalsPerSecond: number, handleSeconds: number, patienceSeconds: number, targetSeconds: number): QueueMeasures {
  const lambda = arrivalsPerSecond;
  const load = lambda * handleSeconds;
  if (lambda <= 0) return idle(agents);
  const mu = 1 / handleSeconds;
  const theta = 1 / patienceSeconds;
  const n = agents;
  // log π(j), unnormalised, from j = 0 upwards; stop once the tail above n is negligible and falling.
  const logWeights: number[] = [0];
  for (let j = 1; j <= n; j++) logWeights.push(logWeights[j - 1] + Math.log(load) - Math.log(j));
  let peak = Math.max(...logWeights.slice(-1), 0);
  for (let k = 1; ; k++) {
    const next = logWeights[n + k - 1] + Math.log(lambda / (n * mu + k * theta));
    logWeights.push(next);
    peak = Math.max(peak, next);
    if (next < peak - 50 && n * mu + k * theta > lambda) break;
  }
  const top = Math.max(...logWeights);
  const weights = logWeights.map((w) => Math.exp(w - top));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pi = weights.map((w) => w / totalWeight);
  let pWait = 0;
  let queueLength = 0;
  let busy = 0;
  for (let j = 0; j < pi.length; j++) {
    if (j >= n) pWait += pi[j];
    if (j > n) queueLength += (j - n) * pi[j];
    busy += Math.min(j, n) * pi[j];
  }
  const pAbandon = (theta * queueLength) / lambda;
  const answeredImmediately = 1 - pWait;
  const answeredWithinTarget = answeredImmediately + answeredFromQueueWithin(pi.slice(n), n * mu, theta, targetSeconds);
  return {
    agents,
    load,
    probabilityOfWait: pWait,
    meanWaitSeconds: queueLength / lambda,
    answeredWithinTarget,
    serviceLevel: pAbandon < 1 ? answeredWithinTarget / (1 - pAbandon) : 0,
    probabilityOfAbandon: pAbandon,
    occupancy: n > 0 ? busy / n : 0,
  };
}

/**
 * The probability that a caller who finds k ahead (with probability `ahead[k]`) is answered within
 * `t`: a pure-death chain on k (rate `serviceRate` + kθ, from 0 answered at `serviceRate`), killed at θ.
 */
function answeredFromQueueWithin(ahead: number[], serviceRate: number, theta: number, t: number): number {
  if (serviceRate <= 0 || t <= 0) return 0;
  const states = ahead.length;
  const uniform = serviceRate + states * theta + theta;
  const mean = uniform * t;
  const steps = Math.ceil(mean + 12 * Math.sqrt(mean) + 30);
  let p = Float64Array.from(ahead);
  let next = new Float64Array(states);
  let answered = 0; // mass answered after m steps
  let result = 0;
  let logPoisson = -mean; // log of P(m jumps by t), m = 0
  for (let m = 0; m <= steps; m++) {
    result += Math.exp(logPoisson) * answered;
    // one uniformised step
    next.fill(0);
    for (let k = 0; k < states; k++) {
      const mass = p[k];
      if (mass === 0) continue;
      const move = (serviceRate + k * theta) / uniform;
      if (k === 0) answered += mass * move;
      else next[k - 1] += mass * move;
      next[k] += mass * (1 - move - theta / uniform);
    }
    [p, next] = [next, p];
    logPoisson += Math.log(mean) - Math.log(m + 1);
  }
  return result;
}

function idle(agents: number): QueueMeasures {
  return { agents, load: 0, probabilityOfWait: 0, meanWaitSeconds: 0, answeredWithinTarget: 1, serviceLevel: 1, probabilityOfAbandon: 0, occupancy: 0 };
}

export interface StaffingTarget {
  /** share answered within `withinSeconds`, of calls offered (0.95) */
  share: number;
  withinSeconds: number;
}

/** The fewest agents meeting the target (of calls offered, so hang-ups never help); 0 for no calls. */
export function agentsNeeded(arrivalsPerSecond: number, handleSeconds: number, target: StaffingTarget, patienceSeconds?: number): number {
  if (!(target.share > 0 && target.share < 1)) throw new RangeError('target.share must be between 0 and 1 (no finite staff answers every call in time)');
  if (arrivalsPerSecond <= 0) return 0;
  const load = arrivalsPerSecond * handleSeconds;
  const measure = (n: number) =>
    patienceSeconds === undefined
      ? erlangCMeasures(n, arrivalsPerSecond, handleSeconds, target.withinSeconds)
      : erlangAMeasures(n, arrivalsPerSecond, handleSeconds, patienceSeconds, target.withinSeconds);
  // Erlang C needs more than the load; Erlang A never needs more, so start where C would and step down.
  let n = Math.floor(load) + 1;
  while (measure(n).answeredWithinTarget < target.share) n++;
  if (patienceSeconds !== undefined) while (n > 1 && measure(n - 1).answeredWithinTarget >= target.share) n--;
  return n;
}

export interface HalfHourStaffing {
  halfHour: number;
  calls: number;
  load: number;
  /** agents needed by Erlang C */
  neededErlangC: number;
  /** agents needed by Erlang A (with abandonment) */
  neededErlangA: number;
  rostered: number;
  /** rostered − needed by Erlang A: negative is a shortfall */
  gap: number;
  /** the rota's expected share answered within the target (Erlang A) and abandonment */
  rotaAnsweredWithinTarget: number;
  rotaAbandonment: number;
}

/** Per half hour: the agents needed for the target beside the rota's cover. */
export function staffingPlan(params: {
  callsPerHalfHour: readonly number[];
  rota: readonly number[];
  handleSeconds: number;
  patienceSeconds: number;
  target?: StaffingTarget;
}): HalfHourStaffing[] {
  const target = params.target ?? { share: 0.95, withinSeconds: 60 };
  return params.callsPerHalfHour.map((calls, halfHour) => {
    const rate = calls / 1800;
    const rostered = params.rota[halfHour] ?? 0;
    const neededErlangA = agentsNeeded(rate, params.handleSeconds, target, params.patienceSeconds);
    const withRota = erlangAMeasures(rostered, rate, params.handleSeconds, params.patienceSeconds, target.withinSeconds);
    return {
      halfHour,
      calls,
      load: rate * params.handleSeconds,
      neededErlangC: agentsNeeded(rate, params.handleSeconds, target),
      neededErlangA,
      rostered,
      gap: rostered - neededErlangA,
      rotaAnsweredWithinTarget: withRota.answeredWithinTarget,
      rotaAbandonment: withRota.probabilityOfAbandon,
    };
  });
}

export interface HalfHourClinicians {
  halfHour: number;
  callbacks: number;
  load: number;
  needed: number;
  rostered: number;
  gap: number;
  /** the rota's expected share of call-backs within the target (Erlang C) */
  rotaWithinTarget: number;
}

/**
 * Clinicians per half hour for call-backs in time: Erlang C (a call-back waits until it is made), by
 * default 90% within 20 minutes (the immediate call-back KPI). It treats the clinical queue as one
 * FIFO line: with priorities the urgent call-backs do better and the 2-hour ones worse than this says.
 */
export function clinicianPlan(params: {
  callbacksPerHalfHour: readonly number[];
  rota: readonly number[];
  assessmentSeconds: number;
  target?: StaffingTarget;
}): HalfHourClinicians[] {
  const target = params.target ?? { share: 0.9, withinSeconds: 20 * 60 };
  return params.callbacksPerHalfHour.map((callbacks, halfHour) => {
    const rate = callbacks / 1800;
    const rostered = params.rota[halfHour] ?? 0;
    const needed = agentsNeeded(rate, params.assessmentSeconds, target);
    return {
      halfHour,
      callbacks,
      load: rate * params.assessmentSeconds,
      needed,
      rostered,
      gap: rostered - needed,
      rotaWithinTarget: erlangCMeasures(rostered, rate, params.assessmentSeconds, target.withinSeconds).answeredWithinTarget,
    };
  });
}
