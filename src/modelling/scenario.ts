/**
 * A scenario's changes applied to the baseline, purely: `applyChanges(baseline, changes)` gives a
 * plan — the engine's input with every lasting change made, and the time-bound demand surges that
 * `segments.ts` runs as stretches of the horizon. (Payment model changes act on the pricing:
 * `scenario-pricing.ts`.) Every reference is checked first: an unknown
 * service, organisation, area, age band or disposition group is a 400 naming the field.
 */
import { badRequest, type ErrorDetail } from '../platform/errors';
import { OOH_SERVICE_TYPE, type Baseline, type BaselineInput } from './baseline';
import { HALF_HOURS_OF_WEEK, HOURS_OF_WEEK } from './model';
import type { DemandSurgeChange, ScenarioChange, Weekday } from './scenario-model';

const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** A demand surge as the run sees it: areas' demand × factor from `startDay` for `days`. */
export interface Surge {
  areas: string[];
  factor: number;
  startDay: number;
  days: number;
}

export interface ScenarioPlan {
  input: BaselineInput;
  surges: Surge[];
}

export interface ChangeContext {
  /** organisations that exist (a new service's organisation must be one) */
  organisations: ReadonlySet<string>;
}

interface When {
  days: Weekday[];
  fromHour: number;
  toHour: number;
}

/** Whether an hour of the week (0 = Monday 00:00) falls in the days and hours named. */
function inHours(when: When, hourOfWeek: number): boolean {
  const day = DAYS[Math.floor(hourOfWeek / 24)];
  const hour = hourOfWeek % 24;
  return when.days.includes(day) && hour >= when.fromHour && hour < when.toHour;
}

/** Checks every reference of every change; throws one 400 listing each bad field. */
export function checkChanges(baseline: Baseline, changes: readonly ScenarioChange[], context: ChangeContext, path = 'changes'): void {
  const problems: ErrorDetail[] = [];
  const services = new Set(baseline.input.services.map((s) => s.id));
  const areas = new Set(baseline.input.areas.map((a) => a.id));
  const bands = new Set(baseline.input.ageBands);
  const serviceGroups = new Set(baseline.input.dispositionGroups.filter((g) => g.route === 'service').map((g) => g.id));
  const newIds = new Set<string>();
  changes.forEach((change, i) => {
    const at = (field: string) => `${path}.${i}.${field}`;
    const unknown = (field: string, what: string, value: string) => problems.push({ path: at(field), message: `unknown ${what} "${value}"` });
    switch (change.kind) {
      case 'service-hours':
      case 'service-capacity':
        if (!services.has(change.serviceId) && !newIds.has(change.serviceId)) unknown('serviceId', 'service', change.serviceId);
        break;
      case 'new-service':
        if (newIds.has(change.serviceId) || services.has(change.serviceId)) problems.push({ path: at('serviceId'), message: `service "${change.serviceId}" already exists` });
        newIds.add(change.serviceId);
        if (!context.organisations.has(change.organisationId)) unknown('organisationId', 'organisation', change.organisationId);
        change.areas.forEach((a, j) => areas.has(a) || unknown(`areas.${j}`, 'area', a));
        change.groups.forEach((g, j) => serviceGroups.has(g) || problems.push({ path: at(`groups.${j}`), message: `unknown disposition group "${g}" (one of: ${[...serviceGroups].join(', ')})` }));
        change.ageBands?.forEach((b, j) => bands.has(b) || unknown(`ageBands.${j}`, 'age band', b));
        break;
      case 'demand-surge':
        change.areas?.forEach((a, j) => areas.has(a) || unknown(`areas.${j}`, 'area', a));
        break;
      case 'ooh-behind-111':
        change.serviceIds?.forEach((id, j) => services.has(id) || unknown(`serviceIds.${j}`, 'service', id));
        if (!change.serviceIds && !oohServices(baseline).length) problems.push({ path: at('serviceIds'), message: 'the baseline has no GP out-of-hours service: name the services' });
        break;
      case 'payment-model':
        if (!context.organisations.has(change.organisationId)) unknown('organisationId', 'organisation', change.organisationId);
        break;
      case 'staffing':
        break;
    }
  });
  if (problems.length) throw badRequest(`${problems[0].path}: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, problems);
}

/** The baseline's GP out-of-hours services (directory type 25). */
export function oohServices(baseline: Baseline): string[] {
  return baseline.input.services.filter((s) => baseline.serviceTypes[s.id] === OOH_SERVICE_TYPE).map((s) => s.id);
}

const capacityArray = (capacity: number | number[]) => (typeof capacity === 'number' ? new Array<number>(HOURS_OF_WEEK).fill(capacity) : [...capacity]);

/**
 * The baseline with the changes made, in the order given. Lasting changes edit the input; demand
 * surges are returned as surges. Checks references first (see `checkChanges`; `path` prefixes the fields named).
 */
export function applyChanges(baseline: Baseline, changes: readonly ScenarioChange[], context: ChangeContext, path = 'changes'): ScenarioPlan {
  checkChanges(baseline, changes, context, path);
  const input: BaselineInput = structuredClone(baseline.input);
  const surges: Surge[] = [];
  const service = (id: string) => input.services.find((s) => s.id === id)!;
  for (const change of changes) {
    switch (change.kind) {
      case 'service-hours': {
        const s = service(change.serviceId);
        s.openHoursOfWeek = s.openHoursOfWeek.map((open, h) => (inHours(change, h) ? change.open : open));
        break;
      }
      case 'service-capacity': {
        const s = service(change.serviceId);
        s.capacityPerHour =
          change.capacityPerHour !== undefined
            ? change.capacityPerHour
            : typeof s.capacityPerHour === 'number'
              ? s.capacityPerHour * change.scale!
              : s.capacityPerHour.map((c) => c * change.scale!);
        break;
      }
      case 'new-service': {
        const added = {
          id: change.serviceId,
          organisationId: change.organisationId,
          openHoursOfWeek: Array.from({ length: HOURS_OF_WEEK }, (_, h) => inHours(change, h)),
          capacityPerHour: change.capacityPerHour,
          areas: change.areas,
          ageBands: change.ageBands?.length ? change.ageBands : [...input.ageBands],
          groups: change.groups,
        };
        if (change.first) input.services.unshift(added);
        else input.services.push(added);
        break;
      }
      case 'staffing': {
        const rota = change.staff === 'call-handlers' ? input.callHandling.handlersPerHalfHour : input.clinical.cliniciansPerHalfHour;
        for (let halfHour = 0; halfHour < HALF_HOURS_OF_WEEK; halfHour++) {
          if (inHours(change, halfHour >> 1)) rota[halfHour] = Math.max(0, Math.round(rota[halfHour] * change.scale) + change.add);
        }
        break;
      }
      case 'demand-surge':
        surges.push(surgeOf(change, input.areas.map((a) => a.id)));
        break;
      case 'payment-model':
        break; // pricing, not the simulation: see scenario-pricing.ts
      case 'ooh-behind-111': {
        const ids = change.serviceIds ?? oohServices(baseline);
        for (const id of ids) {
          const s = service(id);
          const served = s.areas?.length ? s.areas : input.areas.map((a) => a.id);
          // The direct callers now ring 111 in the hours the service is open, spread over its areas…
          for (const areaId of served) {
            const area = input.areas.find((a) => a.id === areaId)!;
            area.callsPerHourOfWeek = area.callsPerHourOfWeek.map((rate, h) => (s.openHoursOfWeek[h] ? rate + change.directCallsPerHour / served.length : rate));
          }
          // …and the consultations kept for them are offered to 111's referrals instead.
          s.capacityPerHour = capacityArray(s.capacityPerHour).map((c, h) => (s.openHoursOfWeek[h] ? c + change.directCallsPerHour : c));
        }
        break;
      }
    }
  }
  return { input, surges };
}

function surgeOf(change: DemandSurgeChange, allAreas: string[]): Surge {
  return { areas: change.areas?.length ? change.areas : allAreas, factor: 1 + change.percent / 100, startDay: change.startDay, days: change.days };
}
