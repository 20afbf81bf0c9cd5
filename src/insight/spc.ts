/**
 * Statistical process control the NHS way ("Making Data Count"): an XmR chart of one measure over
 * time, its special-cause rules, and the variation and assurance icons. Pure: no I/O, no clock.
 *
 * Limits are the mean ± 3σ, σ estimated from the average moving range divided by 1.128 (d2 for
 * n = 2), as NHS England's SPC tools do. Fewer than 15 points give a run chart: a median and no
 * limits, because limits from so few points mislead more than they help.
 */
import { median } from 'simple-statistics';

export const MIN_SPC_POINTS = 15;
/** A shift and a trend are both runs of this many points. */
export const RUN_LENGTH = 7;
/** d2 for subgroups of two (the moving range of consecutive points). */
const D2 = 1.128;

export type ImprovementDirection = 'up' | 'down' | 'neither';
export type SpecialCauseRule = 'outside-limits' | 'shift' | 'trend' | 'two-of-three';
export type Side = 'high' | 'low';
export type Nature = 'improvement' | 'concern' | 'neither';

/** The icon for the latest point, as Making Data Count draws them. */
export type VariationIcon =
  | 'common-cause'
  | 'improvement-high'
  | 'improvement-low'
  | 'concern-high'
  | 'concern-low'
  | 'neither-high'
  | 'neither-low';
/** Whether the process, as it runs now, will meet the target: always, never, or sometimes. */
export type AssuranceIcon = 'pass' | 'fail' | 'hit-and-miss';

export interface SpcOptions {
  direction: ImprovementDirection;
  target?: number;
  /** Limits from the first N points only (a baseline), then held; default all points. */
  baselinePoints?: number;
}

export interface SpcPoint {
  value: number;
  /** Every rule this point takes part in. */
  rules: SpecialCauseRule[];
  /** The side of the special cause that wins by precedence (trend > shift > two-of-three > outside limits). */
  side: Side | null;
  nature: Nature | null;
}

export interface SpcLimits {
  mean: number;
  sigma: number;
  upper: number;
  lower: number;
  upperTwoSigma: number;
  lowerTwoSigma: number;
}

export interface SpcChart {
  kind: 'spc' | 'run';
  /** The centre line: the mean on an SPC chart, the median on a run chart. */
  centre: number;
  limits: SpcLimits | null;
  points: SpcPoint[];
  variation: VariationIcon | null;
  assurance: AssuranceIcon | null;
}

/** The XmR limits of a series (at least two points). */
export function xmrLimits(values: readonly number[]): SpcLimits {
  if (values.length < 2) throw new RangeError('XmR limits need at least two points');
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  let movingRangeTotal = 0;
  for (let i = 1; i < values.length; i++) movingRangeTotal += Math.abs(values[i] - values[i - 1]);
  const sigma = movingRangeTotal / (values.length - 1) / D2;
  return { mean, sigma, upper: mean + 3 * sigma, lower: mean - 3 * sigma, upperTwoSigma: mean + 2 * sigma, lowerTwoSigma: mean - 2 * sigma };
}

/** Builds the chart: a run chart under 15 points, otherwise an XmR chart with every rule applied. */
export function spcChart(values: readonly number[], options: SpcOptions): SpcChart {
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('SPC values must be finite numbers');
  if (values.length < MIN_SPC_POINTS) {
    const points = values.map((value): SpcPoint => ({ value, rules: [], side: null, nature: null }));
    return { kind: 'run', centre: values.length ? median([...values]) : 0, limits: null, points, variation: null, assurance: null };
  }
  const baseline = options.baselinePoints ? values.slice(0, Math.max(2, options.baselinePoints)) : values;
  const limits = xmrLimits(baseline);
  const points = applyRules(values, limits, options.direction);
  return {
    kind: 'spc',
    centre: limits.mean,
    limits,
    points,
    variation: variationIcon(points[points.length - 1]),
    assurance: options.target === undefined ? null : assuranceIcon(limits, options.target, options.direction),
  };
}

type Flags = { rule: SpecialCauseRule; side: Side }[];

function applyRules(values: readonly number[], limits: SpcLimits, direction: ImprovementDirection): SpcPoint[] {
  const flags: Flags[] = values.map(() => []);
  flagOutsideLimits(values, limits, flags);
  flagShifts(values, limits.mean, flags);
  flagTrends(values, flags);
  flagTwoOfThree(values, limits, flags);
  return values.map((value, i) => {
    const winner = strongest(flags[i]);
    return {
      value,
      rules: [...new Set(flags[i].map((f) => f.rule))],
      side: winner?.side ?? null,
      nature: winner ? natureOf(winner.side, direction) : null,
    };
  });
}

const PRECEDENCE: SpecialCauseRule[] = ['trend', 'shift', 'two-of-three', 'outside-limits'];

function strongest(flags: Flags): Flags[number] | undefined {
  for (const rule of PRECEDENCE) {
    const found = flags.find((f) => f.rule === rule);
    if (found) return found;
  }
  return undefined;
}

function natureOf(side: Side, direction: ImprovementDirection): Nature {
  if (direction === 'neither') return 'neither';
  return (side === 'high') === (direction === 'up') ? 'improvement' : 'concern';
}

function flagOutsideLimits(values: readonly number[], limits: SpcLimits, flags: Flags[]): void {
  values.forEach((v, i) => {
    if (v > limits.upper) flags[i].push({ rule: 'outside-limits', side: 'high' });
    else if (v < limits.lower) flags[i].push({ rule: 'outside-limits', side: 'low' });
  });
}

/** Marks every point of each maximal run, of RUN_LENGTH points or more, whose `sideAt` is the same side. */
function flagRuns(count: number, sideAt: (i: number) => Side | null, rule: SpecialCauseRule, flags: Flags[], firstOfRun: (start: number) => number): void {
  let start = 0;
  while (start < count) {
    const side = sideAt(start);
    let end = start;
    while (side && end + 1 < count && sideAt(end + 1) === side) end++;
    const from = firstOfRun(start);
    if (side && end - from + 1 >= RUN_LENGTH) for (let i = from; i <= end; i++) flags[i].push({ rule, side });
    start = end + 1;
  }
}

/** A shift: seven or more consecutive points on one side of the mean (a point on the mean breaks it). */
function flagShifts(values: readonly number[], mean: number, flags: Flags[]): void {
  const sideAt = (i: number): Side | null => (values[i] > mean ? 'high' : values[i] < mean ? 'low' : null);
  flagRuns(values.length, sideAt, 'shift', flags, (start) => start);
}

/**
 * A trend: seven or more consecutive points each higher (or each lower) than the one before; an equal
 * value breaks it. The side of step i is the direction from point i−1 to point i, so a run of six
 * rising steps covers seven points, starting one before its first step.
 */
function flagTrends(values: readonly number[], flags: Flags[]): void {
  const sideAt = (i: number): Side | null => (i === 0 ? null : values[i] > values[i - 1] ? 'high' : values[i] < values[i - 1] ? 'low' : null);
  flagRuns(values.length, sideAt, 'trend', flags, (start) => Math.max(0, start - 1));
}

/** Two of three consecutive points beyond 2σ on the same side: the points beyond are flagged. */
function flagTwoOfThree(values: readonly number[], limits: SpcLimits, flags: Flags[]): void {
  const beyond = (i: number): Side | null => (values[i] > limits.upperTwoSigma ? 'high' : values[i] < limits.lowerTwoSigma ? 'low' : null);
  for (let start = 0; start + 2 < values.length; start++) {
    for (const side of ['high', 'low'] as const) {
      const hits = [start, start + 1, start + 2].filter((i) => beyond(i) === side);
      if (hits.length < 2) continue;
      for (const i of hits) if (!flags[i].some((f) => f.rule === 'two-of-three')) flags[i].push({ rule: 'two-of-three', side });
    }
  }
}

function variationIcon(last: SpcPoint): VariationIcon {
  return last.side && last.nature ? `${last.nature}-${last.side}` : 'common-cause';
}

/**
 * The assurance icon compares the limits with the target: if the target lies beyond the limit on the
 * good side the process will fail it every time; beyond the limit on the bad side, it will pass.
 */
function assuranceIcon(limits: SpcLimits, target: number, direction: ImprovementDirection): AssuranceIcon | null {
  if (direction === 'neither') return null;
  if (direction === 'up') return target <= limits.lower ? 'pass' : target > limits.upper ? 'fail' : 'hit-and-miss';
  return target >= limits.upper ? 'pass' : target < limits.lower ? 'fail' : 'hit-and-miss';
}
