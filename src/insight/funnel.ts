/**
 * Funnel plots for proportions (Spiegelhalter 2005, "Funnel plots for comparing institutional
 * performance"): each unit's proportion against its volume, with control limits around the overall
 * rate that narrow as volume grows, so small units are not called outliers for noise alone. Pure.
 *
 * Overdispersion (Spiegelhalter 2005, "Handling over-dispersion of performance indicators"): when
 * units differ more than chance allows, either inflate the variance by φ (multiplicative) or add a
 * between-unit variance τ² (additive, DerSimonian–Laird); both from z-scores Winsorised at 10%.
 */
import { quantile } from 'simple-statistics';

/** Two-sided normal quantiles: 95% (1.96) and 99.8% (3.09), as FunnelPlotR and the NHS use. */
export const Z95 = 1.959964;
export const Z998 = 3.090232;

export type Overdispersion = 'none' | 'multiplicative' | 'additive';

export interface FunnelUnit {
  id: string;
  numerator: number;
  denominator: number;
}

export interface FunnelOptions {
  overdispersion?: Overdispersion;
  /** The share Winsorised at each end before estimating overdispersion; default 10%. */
  winsorise?: number;
  /** A fixed target instead of the overall rate. */
  target?: number;
}

export interface FunnelLimits {
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export type FunnelPosition = 'above-99.8' | 'above-95' | 'within' | 'below-95' | 'below-99.8';

export interface FunnelPoint extends FunnelLimits {
  id: string;
  numerator: number;
  denominator: number;
  proportion: number;
  /** (p − p0) / s, on the unadjusted binomial scale. */
  z: number;
  position: FunnelPosition;
}

export interface FunnelPlot {
  target: number;
  overdispersion: Overdispersion;
  /** φ: the mean squared Winsorised z-score (1 when there is no overdispersion). */
  phi: number;
  /** τ²: the additive between-unit variance (0 unless additive). */
  tau2: number;
  /** Whether φ exceeded 1, so the chosen adjustment was applied. */
  adjusted: boolean;
  points: FunnelPoint[];
  /** The limits at volumes across the range, for drawing the funnel. */
  curve: ({ denominator: number } & FunnelLimits)[];
}

/** Builds the plot. Units with no denominator cannot be placed and are rejected. */
export function funnelPlot(units: readonly FunnelUnit[], options: FunnelOptions = {}): FunnelPlot {
  for (const u of units) {
    if (!(u.denominator > 0) || u.numerator < 0 || u.numerator > u.denominator) {
      throw new RangeError(`unit ${u.id}: needs 0 ≤ numerator ≤ denominator and a denominator above 0`);
    }
  }
  const totalN = units.reduce((a, u) => a + u.denominator, 0);
  const target = options.target ?? (totalN ? units.reduce((a, u) => a + u.numerator, 0) / totalN : 0);
  const variance = (n: number) => (target * (1 - target)) / n;
  const zScores = units.map((u) => (variance(u.denominator) > 0 ? (u.numerator / u.denominator - target) / Math.sqrt(variance(u.denominator)) : 0));

  const overdispersion = options.overdispersion ?? 'none';
  const phi = units.length ? meanSquare(winsorised(zScores, options.winsorise ?? 0.1)) : 1;
  const adjusted = overdispersion !== 'none' && phi > 1;
  const tau2 = adjusted && overdispersion === 'additive' ? additiveTau2(units.map((u) => variance(u.denominator)), phi) : 0;
  const limitsAt = (n: number): FunnelLimits => {
    const base = variance(n);
    const sd = Math.sqrt(adjusted ? (overdispersion === 'multiplicative' ? base * phi : base + tau2) : base);
    return { lower95: target - Z95 * sd, upper95: target + Z95 * sd, lower998: target - Z998 * sd, upper998: target + Z998 * sd };
  };

  const points = units.map((u, i): FunnelPoint => {
    const proportion = u.numerator / u.denominator;
    const limits = limitsAt(u.denominator);
    return { id: u.id, numerator: u.numerator, denominator: u.denominator, proportion, z: zScores[i], position: positionOf(proportion, limits), ...limits };
  });
  return { target, overdispersion, phi, tau2, adjusted, points, curve: curveOf(units, limitsAt) };
}

function positionOf(p: number, l: FunnelLimits): FunnelPosition {
  if (p > l.upper998) return 'above-99.8';
  if (p > l.upper95) return 'above-95';
  if (p < l.lower998) return 'below-99.8';
  if (p < l.lower95) return 'below-95';
  return 'within';
}

/** Replaces the lowest and highest `share` of values by the values at those quantiles. */
export function winsorised(values: readonly number[], share: number): number[] {
  if (values.length < 3 || share <= 0) return [...values];
  const low = quantile([...values], share);
  const high = quantile([...values], 1 - share);
  return values.map((v) => Math.min(high, Math.max(low, v)));
}

function meanSquare(values: readonly number[]): number {
  return values.reduce((a, v) => a + v * v, 0) / values.length;
}

/** DerSimonian–Laird: τ² = (kφ − (k − 1)) / (Σw − Σw² / Σw), with w = 1 / s², never below 0. */
export function additiveTau2(variances: readonly number[], phi: number): number {
  const weights = variances.map((v) => 1 / v);
  const sumW = weights.reduce((a, w) => a + w, 0);
  const sumW2 = weights.reduce((a, w) => a + w * w, 0);
  const k = variances.length;
  const denominator = sumW - sumW2 / sumW;
  return denominator > 0 ? Math.max(0, (k * phi - (k - 1)) / denominator) : 0;
}

const CURVE_STEPS = 60;

/** Limits at volumes spread geometrically from the smallest unit to the largest, for drawing. */
function curveOf(units: readonly FunnelUnit[], limitsAt: (n: number) => FunnelLimits): FunnelPlot['curve'] {
  if (!units.length) return [];
  const smallest = Math.max(1, Math.min(...units.map((u) => u.denominator)));
  const largest = Math.max(smallest, ...units.map((u) => u.denominator));
  const ratio = largest / smallest;
  return Array.from({ length: CURVE_STEPS + 1 }, (_, i) => {
    const denominator = smallest * ratio ** (i / CURVE_STEPS);
    return { denominator, ...limitsAt(denominator) };
  });
}
