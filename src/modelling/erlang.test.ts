import { describe, expect, it } from 'vitest';
import { agentsNeeded, clinicianPlan, erlangAMeasures, erlangB, erlangC, erlangCMeasures, staffingPlan } from './erlang';

describe('Erlang B and C', () => {
  it('matches a case worked by hand: 2 erlangs on 3 agents', () => {
    // B(0) = 1; B(1) = 2·1/(1 + 2) = 2/3; B(2) = 2·(2/3)/(2 + 4/3) = 0.4; B(3) = 2·0.4/(3 + 0.8) = 4/19.
    expect(erlangB(3, 2)).toBeCloseTo(4 / 19, 12);
    // C = n·B/(n − a(1 − B)) = (12/19)/(3 − 2·15/19) = (12/19)/(27/19) = 4/9.
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12);
    // Mean wait = C·h/(n − a): with a 1-second handling time, 4/9 s.
    expect(erlangCMeasures(3, 2, 1, 0).meanWaitSeconds).toBeCloseTo(4 / 9, 12);
  });

  it('matches the published call-centre example: 100 calls in 30 minutes, 3 minutes each (10 erlangs)', () => {
    // The widely reproduced worked example (e.g. Call Centre Helper, "Erlang C formula — made simple"):
    // 14 agents → probability of waiting 17.41%, 88.8% answered in 20 s, average speed of answer 7.8 s;
    // 11 agents → 68.21% wait. 14 is the fewest agents for 80% in 20 s (13 gives 79.6%).
    const rate = 100 / 1800;
    const fourteen = erlangCMeasures(14, rate, 180, 20);
    expect(fourteen.probabilityOfWait).toBeCloseTo(0.1741, 4);
    expect(fourteen.serviceLevel).toBeCloseTo(0.8884, 3);
    expect(fourteen.meanWaitSeconds).toBeCloseTo(7.84, 2);
    expect(erlangC(11, 10)).toBeCloseTo(0.6821, 4);
    expect(erlangCMeasures(13, rate, 180, 20).serviceLevel).toBeCloseTo(0.7956, 3);
    expect(agentsNeeded(rate, 180, { share: 0.8, withinSeconds: 20 })).toBe(14);
  });

  it('stays finite and sensible for hundreds of agents', () => {
    const b = erlangB(800, 750);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(1);
    const c = erlangC(800, 750);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
    // 400 erlangs: square-root staffing says about a + β√a agents, β ≈ 1–2 for tight targets.
    const needed = agentsNeeded(400 / 300, 300, { share: 0.95, withinSeconds: 60 });
    expect(needed).toBeGreaterThan(400);
    expect(needed).toBeLessThan(400 + 3 * Math.sqrt(400));
  });

  it('refuses a target no finite staff can meet', () => {
    expect(() => agentsNeeded(0.1, 300, { share: 1, withinSeconds: 60 })).toThrow(/between 0 and 1/);
  });

  it('says an overloaded queue never clears', () => {
    const m = erlangCMeasures(5, 10 / 300, 300, 60);
    expect(m.probabilityOfWait).toBe(1);
    expect(m.meanWaitSeconds).toBe(Infinity);
  });
});

describe('Erlang A (abandonment)', () => {
  it('approaches Erlang C when callers are almost infinitely patient', () => {
    const a = erlangAMeasures(14, 100 / 1800, 180, 1e9, 20);
    const c = erlangCMeasures(14, 100 / 1800, 180, 20);
    expect(a.probabilityOfWait).toBeCloseTo(c.probabilityOfWait, 4);
    expect(a.meanWaitSeconds).toBeCloseTo(c.meanWaitSeconds, 2);
    expect(a.answeredWithinTarget).toBeCloseTo(c.answeredWithinTarget, 4);
    expect(a.probabilityOfAbandon).toBeLessThan(1e-6);
  });

  it('is the infinite-server queue when patience equals handling time (θ = μ)', () => {
    // With θ = μ every caller in the system leaves at rate μ, so the number in the system is
    // Poisson with mean a: P(wait) = P(N ≥ n); for a = 10, n = 12 that is 0.30322.
    // And abandonment = θ·E[(N − n)+]/λ = E[(N − n)+]/a.
    const m = erlangAMeasures(12, 10 / 300, 300, 300, 60);
    expect(m.probabilityOfWait).toBeCloseTo(0.3032239, 6);
    let excess = 0;
    let term = Math.exp(-10);
    for (let k = 0; k < 200; k++) {
      if (k > 12) excess += (k - 12) * term;
      term *= 10 / (k + 1);
    }
    expect(m.probabilityOfAbandon).toBeCloseTo(excess / 10, 6);
  });

  it('never needs more agents than Erlang C, and hang-ups never count as answered', () => {
    const rate = 200 / 1800;
    const c = agentsNeeded(rate, 480, { share: 0.95, withinSeconds: 60 });
    const a = agentsNeeded(rate, 480, { share: 0.95, withinSeconds: 60 }, 300);
    expect(a).toBeLessThanOrEqual(c);
    const atA = erlangAMeasures(a, rate, 480, 300, 60);
    expect(atA.answeredWithinTarget).toBeGreaterThanOrEqual(0.95);
    expect(atA.answeredWithinTarget + atA.probabilityOfAbandon).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('copes with an overloaded half hour (more calls than agents can ever take)', () => {
    const m = erlangAMeasures(3, 1, 300, 120, 60);
    expect(m.probabilityOfAbandon).toBeGreaterThan(0.9);
    expect(Number.isFinite(m.meanWaitSeconds)).toBe(true);
  });
});

describe('staffing plan', () => {
  it('puts the agents needed beside the rota, half hour by half hour', () => {
    const plan = staffingPlan({ callsPerHalfHour: [0, 100, 300], rota: [2, 10, 30], handleSeconds: 180, patienceSeconds: 300 });
    expect(plan.map((row) => row.neededErlangA)).toEqual([0, expect.any(Number), expect.any(Number)]);
    expect(plan[1].neededErlangC).toBe(agentsNeeded(100 / 1800, 180, { share: 0.95, withinSeconds: 60 }));
    expect(plan[2].gap).toBe(30 - plan[2].neededErlangA);
    expect(plan[2].gap).toBeLessThan(0);
    expect(plan[0].rotaAnsweredWithinTarget).toBe(1);
  });
});

describe('clinician plan', () => {
  it('staffs call-backs for 90% within 20 minutes by Erlang C', () => {
    // 12 call-backs in a half hour of 15 minutes each: 6 erlangs.
    const [quiet, busy] = clinicianPlan({ callbacksPerHalfHour: [0, 12], rota: [1, 7], assessmentSeconds: 900 });
    expect(quiet.needed).toBe(0);
    expect(busy.load).toBeCloseTo(6, 10);
    expect(busy.needed).toBe(agentsNeeded(12 / 1800, 900, { share: 0.9, withinSeconds: 1200 }));
    expect(erlangCMeasures(busy.needed, 12 / 1800, 900, 1200).answeredWithinTarget).toBeGreaterThanOrEqual(0.9);
    expect(erlangCMeasures(busy.needed - 1, 12 / 1800, 900, 1200).answeredWithinTarget).toBeLessThan(0.9);
    expect(busy.gap).toBe(7 - busy.needed);
  });
});
