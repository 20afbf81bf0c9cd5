import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIGGERS, escalation, LEVEL_ACTIONS, SurgeTriggers, type SurgeObservation } from './surge';

const calls = (actual: number, expected: number, upper95 = expected * 1.1): SurgeObservation => ({ measure: 'calls', actual, expected, upper95 });

describe('escalation levels from demand against forecast', () => {
  it('level 1 when demand is as forecast', () => {
    const e = escalation([calls(100, 100)], DEFAULT_TRIGGERS);
    expect(e).toEqual({ level: 1, reasons: [], actions: LEVEL_ACTIONS[1] });
  });

  it('rises through 2, 3 and 4 at the trigger ratios (calls: 1.15, 1.3, 1.5)', () => {
    expect(escalation([calls(114, 100)], DEFAULT_TRIGGERS).level).toBe(1);
    expect(escalation([calls(115, 100)], DEFAULT_TRIGGERS).level).toBe(2);
    expect(escalation([calls(130, 100)], DEFAULT_TRIGGERS).level).toBe(3);
    expect(escalation([calls(150, 100)], DEFAULT_TRIGGERS).level).toBe(4);
    expect(escalation([calls(150, 100)], DEFAULT_TRIGGERS).actions).toBe(LEVEL_ACTIONS[4]);
  });

  it('noise at small numbers never escalates: the actual must pass the upper 95% bound', () => {
    expect(escalation([calls(3, 2, 5.4)], DEFAULT_TRIGGERS).level).toBe(1);
    expect(escalation([calls(6, 2, 5.4)], DEFAULT_TRIGGERS).level).toBe(4);
  });

  it('the highest measure sets the level; every measure that fired is a reason', () => {
    const e = escalation(
      [calls(120, 100), { measure: 'clinical-queue', actual: 31, expected: 20, upper95: 28 }, { measure: 'ed-dispositions', actual: 10, expected: 10, upper95: 16 }],
      DEFAULT_TRIGGERS,
    );
    expect(e.level).toBe(3);
    expect(e.reasons.map((r) => [r.measure, r.level])).toEqual([
      ['clinical-queue', 3],
      ['calls', 2],
    ]);
    expect(e.reasons[0].ratio).toBeCloseTo(1.55, 10);
  });

  it('demand where none was expected counts as far above', () => {
    const e = escalation([calls(12, 0, 2)], DEFAULT_TRIGGERS);
    expect(e.level).toBe(4);
    expect(e.reasons[0].ratio).toBeNull();
  });

  it('a measure without a trigger does not escalate', () => {
    expect(escalation([calls(500, 100)], DEFAULT_TRIGGERS.filter((t) => t.measure !== 'calls')).level).toBe(1);
  });
});

describe('triggers are configurable and checked', () => {
  it('accepts the defaults and refuses ratios that do not rise, unknown measures and duplicates', () => {
    expect(SurgeTriggers.safeParse(DEFAULT_TRIGGERS).success).toBe(true);
    const falling = SurgeTriggers.safeParse([{ measure: 'calls', windowHours: 3, level2: 1.5, level3: 1.3, level4: 1.6 }]);
    expect(falling.success).toBe(false);
    expect(falling.error!.issues[0].path).toEqual([0, 'level3']);
    expect(SurgeTriggers.safeParse([{ measure: 'beds', windowHours: 3, level2: 1.1, level3: 1.2, level4: 1.3 }]).success).toBe(false);
    expect(SurgeTriggers.safeParse([DEFAULT_TRIGGERS[0], DEFAULT_TRIGGERS[0]]).success).toBe(false);
    expect(SurgeTriggers.safeParse([{ ...DEFAULT_TRIGGERS[0], windowHours: 0 }]).success).toBe(false);
  });
});
