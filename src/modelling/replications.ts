/**
 * Replications summarised: the mean of each measure over runs with its 95% confidence interval
 * (Student's t), and whether two sets of runs differ beyond their intervals.
 */
import type { SimulationOutput } from './model';

export interface Interval {
  n: number;
  mean: number;
  /** half the width of the 95% confidence interval of the mean */
  halfWidth: number;
  low: number;
  high: number;
}

/** Student's t, 97.5th centile, for 1–30 degrees of freedom. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function tQuantile975(degreesOfFreedom: number): number {
  if (degreesOfFreedom < 1) return Infinity;
  if (degreesOfFreedom <= 30) return T975[degreesOfFreedom - 1];
  // Beyond 30, the Cornish–Fisher expansion around the normal's 1.96 is good to three decimals.
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * degreesOfFreedom) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * degreesOfFreedom ** 2);
}

export function interval(values: readonly number[]): Interval {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : 0;
  const halfWidth = n > 1 ? tQuantile975(n - 1) * Math.sqrt(variance / n) : Infinity;
  return { n, mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth };
}

/**
 * Whether two estimates agree: their difference is within the 95% interval of a difference
 * (the half widths combined in quadrature).
 */
export function agree(a: Interval, b: Interval): boolean {
  return Math.abs(a.mean - b.mean) <= Math.hypot(a.halfWidth, b.halfWidth);
}

/** The headline measures of a run, as shares and seconds, comparable between runs and simulators. */
export interface Headline {
  answeredWithin60sShare: number;
  meanTimeToAnswerSeconds: number;
  abandonedShare: number;
  clinicalWithinTimeframeShare: number;
  referredShare: number;
  unplacedShare: number;
  edAttendancesPerThousandContacts: number;
  /** triage outcomes by group, as shares of calls triaged */
  dispositions: Record<string, number>;
}

export function headline(out: SimulationOutput): Headline {
  const share = (a: number, b: number) => (b > 0 ? a / b : 0);
  const timeframes = Object.values(out.clinical.byTimeframe);
  return {
    answeredWithin60sShare: share(out.calls.answeredWithinTarget, out.calls.answered),
    meanTimeToAnswerSeconds: share(out.calls.totalTimeToAnswerSeconds, out.calls.answered),
    abandonedShare: share(out.calls.abandoned, out.calls.offered),
    clinicalWithinTimeframeShare: share(
      timeframes.reduce((a, t) => a + t.withinTimeframe, 0),
      timeframes.reduce((a, t) => a + t.withinTimeframe + t.breached, 0),
    ),
    referredShare: share(out.outcomes.referred, out.calls.offered),
    unplacedShare: share(out.acute.unplacedToEd, out.calls.offered),
    edAttendancesPerThousandContacts: share(out.acute.edAttendances * 1000, out.calls.offered),
    dispositions: Object.fromEntries(Object.entries(out.dispositions).map(([group, n]) => [group, share(n, out.triaged)])),
  };
}

/** Each headline measure's interval over replications, the dispositions flattened as `disposition:<group>`. */
export function summarise(headlines: readonly Headline[]): Record<string, Interval> {
  const series = new Map<string, number[]>();
  for (const h of headlines) {
    const { dispositions, ...scalars } = h;
    for (const [key, value] of Object.entries(scalars)) series.set(key, [...(series.get(key) ?? []), value]);
    for (const [group, value] of Object.entries(dispositions)) series.set(`disposition:${group}`, [...(series.get(`disposition:${group}`) ?? []), value]);
  }
  return Object.fromEntries([...series].map(([key, values]) => [key, interval(values)]));
}
