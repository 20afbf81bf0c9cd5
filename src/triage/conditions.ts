/**
 * Conditions: compiled from the authored flat form, evaluated by the engine, and analysed by the
 * compiler (which variables they read, which patients they can possibly match).
 */
import { ageInDays } from '../directory/age';
import { AGE_BANDS, AGE_BAND_LIMIT_YEARS, SEXES } from './model';
import type { AgeBand, AuthoredCondition, CompiledCondition, NumberTest, Patient, Sex, VarTest, VarValue } from './model';
import { daysBetween } from './dates';

// ───────────── compile ─────────────

export function compileCondition(c: AuthoredCondition): CompiledCondition {
  if (c.all) return { kind: 'all', of: c.all.map(compileCondition) };
  if (c.any) return { kind: 'any', of: c.any.map(compileCondition) };
  if (c.not) return { kind: 'not', of: compileCondition(c.not) };
  if (c.ageBand) return { kind: 'ageBand', bands: c.ageBand };
  if (c.sex) return { kind: 'sex', sexes: c.sex };
  if (c.ageYears) return { kind: 'ageYears', test: c.ageYears };
  const { var: name, ...test } = c;
  return { kind: 'var', var: name ?? '', test: test as VarTest };
}

// ───────────── evaluate ─────────────

export interface ConditionContext {
  vars: Record<string, VarValue>;
  patient: Patient;
  today: string;
}

export function evaluate(c: CompiledCondition, ctx: ConditionContext): boolean {
  switch (c.kind) {
    case 'all':
      return c.of.every((x) => evaluate(x, ctx));
    case 'any':
      return c.of.some((x) => evaluate(x, ctx));
    case 'not':
      return !evaluate(c.of, ctx);
    case 'ageBand':
      return c.bands.includes(ctx.patient.ageBand);
    case 'sex':
      return c.sexes.includes(ctx.patient.sex);
    case 'ageYears':
      return numberPasses(ctx.patient.ageDays, ageTestInDays(c.test));
    case 'var':
      return varPasses(ctx.vars[c.var], c.test, ctx.today);
  }
}

/**
 * An age test in years as a test in days, each limit converted as the directory converts ages
 * (directory/age.ts): "65 and over" then admits a patient of 65 years, whether given in years or days.
 */
function ageTestInDays(t: NumberTest): NumberTest {
  const days = (years: number | undefined) => (years === undefined ? undefined : ageInDays(years, 'years'));
  return { gt: days(t.gt), gte: days(t.gte), lt: days(t.lt), lte: days(t.lte) };
}

export function numberPasses(x: number, t: NumberTest): boolean {
  return (
    (t.gt === undefined || x > t.gt) &&
    (t.gte === undefined || x >= t.gte) &&
    (t.lt === undefined || x < t.lt) &&
    (t.lte === undefined || x <= t.lte)
  );
}

/** Every test given must pass; an unset variable passes only `isSet: false`. */
function varPasses(value: VarValue | undefined, t: VarTest, today: string): boolean {
  if (t.isSet !== undefined && (value !== undefined) !== t.isSet) return false;
  if (value === undefined) return t.isSet === false;
  if (t.eq !== undefined && value !== t.eq) return false;
  if (t.ne !== undefined && value === t.ne) return false;
  if (t.in !== undefined && !t.in.includes(value as string | number)) return false;
  if (!numberTestPasses(value, t)) return false;
  if (!listTestPasses(value, t)) return false;
  if (t.daysAgo !== undefined) return typeof value === 'string' && numberPasses(daysBetween(value, today), t.daysAgo);
  return true;
}

function numberTestPasses(value: VarValue, t: VarTest): boolean {
  const hasNumberTest = t.gt !== undefined || t.gte !== undefined || t.lt !== undefined || t.lte !== undefined;
  if (!hasNumberTest) return true;
  return typeof value === 'number' && numberPasses(value, t);
}

function listTestPasses(value: VarValue, t: VarTest): boolean {
  if (t.includes === undefined && t.includesAny === undefined && t.includesAll === undefined) return true;
  if (!Array.isArray(value)) return false;
  if (t.includes !== undefined && !value.includes(t.includes)) return false;
  if (t.includesAny !== undefined && !t.includesAny.some((x) => value.includes(x))) return false;
  if (t.includesAll !== undefined && !t.includesAll.every((x) => value.includes(x))) return false;
  return true;
}

// ───────────── analyse ─────────────

export function varsRead(c: CompiledCondition, into: string[] = []): string[] {
  if (c.kind === 'var') into.push(c.var);
  else if (c.kind === 'all' || c.kind === 'any') c.of.forEach((x) => varsRead(x, into));
  else if (c.kind === 'not') varsRead(c.of, into);
  return into;
}

/**
 * Patients as a bitmask over the 12 (age band × sex) combinations, so the compiler can tell
 * which patients can reach a node and whether a branch on age or sex can ever be taken.
 */
export const ALL_PATIENTS = (1 << (AGE_BANDS.length * SEXES.length)) - 1;

export function patientBit(band: AgeBand, sex: Sex): number {
  return 1 << (AGE_BANDS.indexOf(band) * SEXES.length + SEXES.indexOf(sex));
}

export function patientMask(bands: readonly AgeBand[], sexes: readonly Sex[]): number {
  let mask = 0;
  for (const band of bands) for (const sex of sexes) mask |= patientBit(band, sex);
  return mask;
}

export function describeMask(mask: number): string {
  const parts: string[] = [];
  for (const band of AGE_BANDS) {
    const sexes = SEXES.filter((sex) => mask & patientBit(band, sex));
    if (sexes.length === SEXES.length) parts.push(band);
    else if (sexes.length) parts.push(`${band} (${sexes.join('/')})`);
  }
  return parts.join(', ') || 'nobody';
}

/**
 * `may`: patients for whom the condition can be true (over-approximation);
 * `must`: patients for whom it is certainly true (under-approximation).
 * Variable tests can go either way, so they give may = everyone, must = nobody.
 */
export function conditionMasks(c: CompiledCondition): { may: number; must: number } {
  switch (c.kind) {
    case 'ageBand': {
      const m = patientMask(c.bands, SEXES);
      return { may: m, must: m };
    }
    case 'sex': {
      const m = patientMask(AGE_BANDS, c.sexes);
      return { may: m, must: m };
    }
    case 'ageYears':
      return ageTestMasks(c.test);
    case 'var':
      return { may: ALL_PATIENTS, must: 0 };
    case 'not': {
      const inner = conditionMasks(c.of);
      return { may: ALL_PATIENTS & ~inner.must, must: ALL_PATIENTS & ~inner.may };
    }
    case 'all':
      return c.of.map(conditionMasks).reduce((a, b) => ({ may: a.may & b.may, must: a.must & b.must }), { may: ALL_PATIENTS, must: ALL_PATIENTS });
    case 'any':
      return c.of.map(conditionMasks).reduce((a, b) => ({ may: a.may | b.may, must: a.must | b.must }), { may: 0, must: 0 });
  }
}

function ageTestMasks(t: NumberTest): { may: number; must: number } {
  let may = 0;
  let must = 0;
  let lower = 0;
  for (const band of AGE_BANDS) {
    const upper = AGE_BAND_LIMIT_YEARS[band];
    if (rangeMayPass(lower, upper, t)) may |= patientMask([band], SEXES);
    if (rangeMustPass(lower, upper, t)) must |= patientMask([band], SEXES);
    lower = upper;
  }
  return { may, must };
}

/** Ages in [lower, upper): could some of them pass the test? */
function rangeMayPass(lower: number, upper: number, t: NumberTest): boolean {
  const from = Math.max(lower, t.gt ?? -Infinity, t.gte ?? -Infinity);
  const to = Math.min(upper, t.lt ?? Infinity, t.lte ?? Infinity);
  if (from < to) return true;
  return from === to && t.lte === to && upper > to && t.gt !== from;
}

/** Ages in [lower, upper): do all of them pass the test? */
function rangeMustPass(lower: number, upper: number, t: NumberTest): boolean {
  const lowOk = (t.gt === undefined || t.gt < lower) && (t.gte === undefined || t.gte <= lower);
  const highOk = (t.lt === undefined || upper <= t.lt) && (t.lte === undefined || upper <= t.lte);
  return lowOk && highOk;
}

// ───────────── text templates ─────────────

const TEMPLATE_VAR = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function templateVars(text: string): string[] {
  return [...text.matchAll(TEMPLATE_VAR)].map((m) => m[1]);
}

export function renderTemplate(text: string, vars: Record<string, VarValue>): string {
  if (!text.includes('{{')) return text;
  return text.replace(TEMPLATE_VAR, (_, name: string) => {
    const value = vars[name];
    return value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);
  });
}
