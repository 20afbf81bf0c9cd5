/**
 * Surge detection: demand running above its forecast → an escalation level 1–4 per area, in the
 * style of the OPEL framework (1: meeting demand; 2: signs of pressure; 3: major pressures
 * compromising flow; 4: unable to deliver comprehensive care). Pure: the service measures the
 * windows and forecasts; this applies the triggers.
 *
 * A trigger fires only when the actual also lies above the forecast's upper 95% bound, so a quiet
 * area's noise (3 calls where 2 were expected is +50%) never escalates anyone.
 */
import { z } from 'zod';

export const SURGE_MEASURES = ['calls', 'clinical-queue', 'ed-dispositions'] as const;
export type SurgeMeasure = (typeof SURGE_MEASURES)[number];
export type EscalationLevel = 1 | 2 | 3 | 4;

const Ratio = z.number().min(1).max(10);
export const SurgeTrigger = z
  .object({
    measure: z.enum(SURGE_MEASURES),
    /** The window the actual is counted over, ending now. */
    windowHours: z.number().int().min(1).max(72),
    /** Actual ÷ expected at or above which each level applies. */
    level2: Ratio,
    level3: Ratio,
    level4: Ratio,
  })
  .refine((t) => t.level2 < t.level3 && t.level3 < t.level4, { path: ['level3'], message: 'the ratios must rise: level2 < level3 < level4' });
export type SurgeTrigger = z.output<typeof SurgeTrigger>;
export const SurgeTriggers = z
  .array(SurgeTrigger)
  .min(1)
  .refine((ts) => new Set(ts.map((t) => t.measure)).size === ts.length, { message: 'one trigger per measure' });

/** Demonstration defaults: calls over 3 hours, the clinical queue now, ED dispositions over 6 hours. */
export const DEFAULT_TRIGGERS: readonly SurgeTrigger[] = [
  { measure: 'calls', windowHours: 3, level2: 1.15, level3: 1.3, level4: 1.5 },
  { measure: 'clinical-queue', windowHours: 1, level2: 1.25, level3: 1.5, level4: 2 },
  { measure: 'ed-dispositions', windowHours: 6, level2: 1.2, level3: 1.4, level4: 1.7 },
];

export interface SurgeObservation {
  measure: SurgeMeasure;
  actual: number;
  expected: number;
  /** The forecast's upper 95% bound for the same window. */
  upper95: number;
}

export interface EscalationReason {
  measure: SurgeMeasure;
  actual: number;
  expected: number;
  /** actual ÷ expected; null when nothing was expected (JSON has no infinity). */
  ratio: number | null;
  level: EscalationLevel;
}

export interface Escalation {
  level: EscalationLevel;
  /** Each measure that raised the level, highest first. */
  reasons: EscalationReason[];
  actions: readonly string[];
}

/** What each level asks of providers and the system (our wording, after the OPEL framework). */
export const LEVEL_ACTIONS: Readonly<Record<EscalationLevel, readonly string[]>> = {
  1: ['Business as usual: keep capacity status current in the directory.'],
  2: [
    'Providers: review staffing for the next 12 hours and call in on-call staff where rotas allow.',
    'Clinical assessment service: prioritise call-backs by clinical need and watch the queue.',
    'Directory leads: check that services with spare capacity are green and their hours current.',
  ],
  3: [
    'All of level 2.',
    'Open surge capacity: extra out-of-hours sessions, urgent treatment centre slots and home visits.',
    'Commissioners: convene the system call; ask community services to take referrals that would go to ED.',
    'Ambulance service: cohort handovers and use see-and-treat where safe.',
  ],
  4: [
    'All of level 3.',
    'System-wide incident: the commissioner leads a daily call and informs the region.',
    'Defer non-urgent work to release clinicians for urgent care.',
    'Tell the public which services to use, and keep the directory updated hour by hour.',
  ],
};

export function escalation(observations: readonly SurgeObservation[], triggers: readonly SurgeTrigger[]): Escalation {
  const reasons: EscalationReason[] = [];
  for (const observation of observations) {
    const trigger = triggers.find((t) => t.measure === observation.measure);
    const level = trigger ? levelOf(observation, trigger) : 1;
    if (level > 1) {
      const ratio = ratioOf(observation);
      reasons.push({ measure: observation.measure, actual: observation.actual, expected: observation.expected, ratio: Number.isFinite(ratio) ? ratio : null, level });
    }
  }
  reasons.sort((a, b) => b.level - a.level || (b.ratio ?? Infinity) - (a.ratio ?? Infinity));
  const level = reasons[0]?.level ?? 1;
  return { level, reasons, actions: LEVEL_ACTIONS[level] };
}

function ratioOf(o: SurgeObservation): number {
  if (o.expected > 0) return o.actual / o.expected;
  return o.actual > 0 ? Infinity : 1;
}

function levelOf(observation: SurgeObservation, trigger: SurgeTrigger): EscalationLevel {
  if (observation.actual <= observation.upper95) return 1;
  const ratio = ratioOf(observation);
  if (ratio >= trigger.level4) return 4;
  if (ratio >= trigger.level3) return 3;
  if (ratio >= trigger.level2) return 2;
  return 1;
}
