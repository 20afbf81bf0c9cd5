import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors';
import { simulate } from './engine';
import { erlangAMeasures, erlangCMeasures } from './erlang';
import { exampleCommunity } from './example';
import { HALF_HOURS_OF_WEEK, HOURS_OF_WEEK, parseSimulationInput, type SimulationInputRaw, type SimulationOutput } from './model';

/** One area at a constant rate, a constant number of agents, exponential handling: an M/M/c (+M) queue. */
function singleQueue(options: { callsPerHour: number; agents: number; handleSeconds: number; patienceSeconds?: number; days: number; warmUpDays: number; seed: number }): SimulationInputRaw {
  return {
    seed: options.seed,
    horizonDays: options.days,
    warmUpDays: options.warmUpDays,
    ageBands: ['adult'],
    areas: [{ id: 'only', callsPerHourOfWeek: new Array(HOURS_OF_WEEK).fill(options.callsPerHour), ageMix: { adult: 1 } }],
    callHandling: {
      handlersPerHalfHour: new Array(HALF_HOURS_OF_WEEK).fill(options.agents),
      handleSeconds: { kind: 'exponential', mean: options.handleSeconds },
      // "Never hangs up": longer than any wait in these runs.
      patienceSeconds: options.patienceSeconds ? { kind: 'exponential', mean: options.patienceSeconds } : { kind: 'fixed', value: 30 * 86_400 },
    },
    dispositionGroups: [{ id: 'home', route: 'self-care' }],
    dispositionMix: { adult: { home: 1 } },
    clinical: { cliniciansPerHalfHour: new Array(HALF_HOURS_OF_WEEK).fill(0), assessmentSeconds: { kind: 'fixed', value: 600 } },
    acute: { edAttendance: 1, ambulanceConveyance: 0.5, admissionFromEd: 0.2 },
    recontact: { within24h: 0, within72h: 0, afterAbandon: 0, afterAbandonSeconds: { kind: 'fixed', value: 60 } },
  };
}

const run = (raw: SimulationInputRaw) => simulate(parseSimulationInput(raw));

function expectConserved(out: SimulationOutput) {
  const o = out.outcomes;
  const ended = o.abandoned + o.selfCare + o.referred + o.ed + o.edDidNotAttend + o.ambulanceSeeAndTreat + o.ambulanceConveyed + o.stillInSystem;
  expect(ended).toBe(out.calls.offered);
  expect(out.calls.abandoned).toBe(o.abandoned);
  expect(Object.values(out.dispositions).reduce((a, b) => a + b, 0)).toBe(out.triaged);
  expect(Object.values(out.afterAssessment).reduce((a, b) => a + b, 0)).toBe(out.clinical.assessed);
  for (const activity of Object.values(out.referrals)) expect(activity.accepted + activity.rejectedClosed + activity.rejectedFull).toBe(activity.offered);
  expect(Object.values(out.organisations).reduce((a, b) => a + b.accepted, 0)).toBe(o.referred);
  expect(out.acute.edAttendances).toBe(o.ed + o.ambulanceConveyed);
  expect(out.acute.ambulanceResponses).toBe(o.ambulanceSeeAndTreat + o.ambulanceConveyed);
  for (const band of Object.values(out.clinical.byTimeframe)) expect(band.withinTimeframe + band.breached).toBeLessThanOrEqual(band.offered);
}

function expectLittle(out: SimulationOutput, tolerance: number) {
  for (const queue of [out.littlesLaw.callQueue, out.littlesLaw.clinicalQueue]) {
    const lambdaW = queue.arrivalRate * queue.meanWaitSeconds;
    expect(Math.abs(queue.meanQueueLength - lambdaW)).toBeLessThanOrEqual(tolerance * Math.max(queue.meanQueueLength, 1e-3));
  }
}

describe('the simulation against queueing theory', () => {
  it('gives an M/M/c queue the mean wait of Erlang C within 5% at steady state', () => {
    // 10 agents, 7 erlangs (84 calls an hour of 300 s): Erlang C says P(wait) = 0.2217, mean wait = 22.2 s.
    const input = singleQueue({ callsPerHour: 84, agents: 10, handleSeconds: 300, days: 400, warmUpDays: 10, seed: 11 });
    const out = run(input);
    const theory = erlangCMeasures(10, 84 / 3600, 300, 60);
    expect(theory.meanWaitSeconds).toBeCloseTo(22.2, 0);
    expect(Math.abs(out.calls.timeToAnswer.meanSeconds / theory.meanWaitSeconds - 1)).toBeLessThan(0.05);
    expect(Math.abs(out.calls.serviceLevel - theory.serviceLevel)).toBeLessThan(0.01);
    expect(out.calls.abandoned).toBe(0);
    // Utilisation is the load per agent: 0.7.
    const utilisation = out.byHourOfWeek.handlerUtilisation.reduce((a, b) => a + b, 0) / HOURS_OF_WEEK;
    expect(utilisation).toBeCloseTo(0.7, 2);
    expectLittle(out, 0.01);
  });

  it('gives an M/M/c+M queue the abandonment of Erlang A within 5%', () => {
    // 8 agents, 8 erlangs (96 calls an hour of 300 s), patience 180 s: a queue only hang-ups keep finite.
    const out = run(singleQueue({ callsPerHour: 96, agents: 8, handleSeconds: 300, patienceSeconds: 180, days: 200, warmUpDays: 5, seed: 5 }));
    const theory = erlangAMeasures(8, 96 / 3600, 300, 180, 60);
    expect(Math.abs(out.calls.abandonedShare / theory.probabilityOfAbandon - 1)).toBeLessThan(0.05);
    expect(Math.abs(out.calls.answeredWithinTarget / out.calls.offered - theory.answeredWithinTarget)).toBeLessThan(0.01);
  });

  it("keeps Little's law (L = λW) on every run", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 20_000, max: 400_000 }), fc.double({ min: 0.6, max: 1.3, noNaN: true }), (seed, population, rotaFactor) => {
        // From time zero every second in a queue is counted on both sides: the law holds to rounding.
        const out = run({ ...exampleCommunity({ population, horizonDays: 14, seed, rotaFactor }), seed });
        expectLittle(out, 1e-6);
        expectConserved(out);
      }),
      { numRuns: 12 },
    );
  });

  it("keeps Little's law within 2% after a warm-up", () => {
    const out = run(exampleCommunity({ population: 300_000, horizonDays: 60, warmUpDays: 7, seed: 3 }));
    expectLittle(out, 0.02);
  });
});

describe('reproducible runs', () => {
  const input = exampleCommunity({ population: 150_000, horizonDays: 21, seed: 42 });

  it('gives the same outputs for the same seed, and different ones for another', () => {
    const first = run(input);
    expect(run(input)).toEqual(first);
    const other = run({ ...input, seed: 43 });
    expect(other.calls.offered).not.toBe(first.calls.offered);
  });

  it('keeps the outputs of a pinned run (change these only for an intended change to the model)', () => {
    const out = run(input);
    expect({ offered: out.calls.offered, answered: out.calls.answered, abandoned: out.calls.abandoned, assessed: out.clinical.assessed, referred: out.outcomes.referred, events: out.events }).toMatchInlineSnapshot(`
      {
        "abandoned": 29,
        "answered": 2902,
        "assessed": 407,
        "events": 7378,
        "offered": 2931,
        "referred": 1414,
      }
    `);
  });
});

describe('where every contact goes', () => {
  it('ends each arrival exactly once: abandoned, self-care, referred, ED, ambulance or still in the system', () => {
    const out = run(exampleCommunity({ population: 400_000, horizonDays: 30, seed: 9, rotaFactor: 0.8 }));
    expectConserved(out);
    expect(out.outcomes.abandoned).toBeGreaterThan(0);
    expect(out.outcomes.referred).toBeGreaterThan(0);
    expect(out.acute.unplacedToEd).toBeGreaterThan(0);
    expect(out.calls.recontacts).toBeGreaterThan(0);
  });

  it('sends a referral on to the next eligible service when the first is closed, and to ED when none can take it', () => {
    const raw = singleQueue({ callsPerHour: 10, agents: 5, handleSeconds: 60, days: 7, warmUpDays: 0, seed: 1 });
    const closed = new Array(HOURS_OF_WEEK).fill(false);
    const open = new Array(HOURS_OF_WEEK).fill(true);
    const out = run({
      ...raw,
      dispositionGroups: [{ id: 'gp', route: 'service' }],
      dispositionMix: { adult: { gp: 1 } },
      services: [
        { id: 'shut', organisationId: 'a', openHoursOfWeek: closed, capacityPerHour: 100, ageBands: ['adult'], groups: ['gp'] },
        { id: 'small', organisationId: 'b', openHoursOfWeek: open, capacityPerHour: 4, ageBands: ['adult'], groups: ['gp'] },
      ],
    });
    expect(out.referrals.shut).toMatchObject({ accepted: 0, rejectedClosed: out.referrals.shut.offered });
    expect(out.referrals.small.accepted).toBeLessThanOrEqual(4 * 24 * 7);
    expect(out.referrals.small.rejectedFull).toBeGreaterThan(0);
    expect(out.acute.unplacedToEd).toBe(out.referrals.small.rejectedFull);
    expectConserved(out);
  });

  it('calls back the shortest timeframe first', () => {
    const out = run(exampleCommunity({ population: 300_000, horizonDays: 28, seed: 4 }));
    const share = (minutes: string) => out.clinical.byTimeframe[minutes].withinTimeframe / out.clinical.byTimeframe[minutes].offered;
    expect(out.clinical.assessed).toBeGreaterThan(0);
    // A 20-minute call-back waits less than a 2-hour one, so breaches fall on the longer timeframes.
    expect(out.clinical.byTimeframe['20'].offered).toBeGreaterThan(0);
    expect(share('20')).toBeGreaterThan(0.8);
  });
});

describe('bad input', () => {
  const good = () => singleQueue({ callsPerHour: 10, agents: 2, handleSeconds: 60, days: 7, warmUpDays: 0, seed: 1 });
  const fieldOf = (raw: unknown): string[] => {
    try {
      parseSimulationInput(raw);
    } catch (error) {
      return (error as AppError).details.map((d) => d.path);
    }
    return [];
  };

  it('names the field of a negative rate, a fractional rota, too many replications or too long a horizon', () => {
    const negative = good();
    negative.areas[0].callsPerHourOfWeek[5] = -1;
    expect(fieldOf(negative)).toEqual(['areas.0.callsPerHourOfWeek.5']);
    const fractional = good();
    fractional.callHandling.handlersPerHalfHour[3] = 1.5;
    expect(fieldOf(fractional)).toEqual(['callHandling.handlersPerHalfHour.3']);
    expect(fieldOf({ ...good(), replications: 1001 })).toEqual(['replications']);
    expect(fieldOf({ ...good(), horizonDays: 6 * 365 })).toEqual(['horizonDays']);
    expect(fieldOf({ ...good(), warmUpDays: 7 })).toEqual(['warmUpDays']);
    expect(fieldOf({ ...good(), acute: { ...good().acute, admissionFromEd: 1.2 } })).toEqual(['acute.admissionFromEd']);
  });

  it('names an unknown group, age band or area', () => {
    expect(fieldOf({ ...good(), dispositionMix: { adult: { nowhere: 1 } } })).toEqual(['dispositionMix.adult.nowhere']);
    const service = { id: 's', organisationId: 'o', openHoursOfWeek: new Array(HOURS_OF_WEEK).fill(true), capacityPerHour: 1, ageBands: ['elderly'], groups: ['home'], areas: ['elsewhere'] };
    expect(fieldOf({ ...good(), services: [service] }).sort()).toEqual(['services.0.ageBands.0', 'services.0.areas.0', 'services.0.groups.0']);
    expect(fieldOf({ ...good(), dispositionGroups: [{ id: 'home', route: 'clinical' }] })).toEqual(
      expect.arrayContaining(['dispositionGroups.0.callbackMinutes', 'dispositionGroups.0.afterAssessment']),
    );
  });

  it('says why a scenario with no call handlers at all cannot run', () => {
    const raw = good();
    raw.callHandling.handlersPerHalfHour = new Array(HALF_HOURS_OF_WEEK).fill(0);
    const input = parseSimulationInput(raw);
    expect(() => simulate(input)).toThrow(/no call handlers in any half hour/);
    try {
      simulate(input);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(422);
      expect((error as AppError).details[0].path).toBe('callHandling.handlersPerHalfHour');
    }
  });
});
