/**
 * Patient journeys across services, from the steps each patient took (a call to 111, a clinical
 * assessment, an out-of-hours consultation, an ED attendance …): the flows between steps for a
 * Sankey diagram with the time between them, re-contacts within 24 and 72 hours, and "A&E as a
 * corridor" — an ED attendance followed by a referral to a hospital department that could have
 * been made directly. Pure: the store gathers the steps, this works them out.
 */
import { median, quantileSorted } from 'simple-statistics';

const HOUR_MS = 3_600_000;

export interface JourneyStep {
  /** Who: a stable key for the patient (never shown to commissioners; a hash or an id will do). */
  patient: string;
  /** Epoch milliseconds. */
  at: number;
  /** What kind of step: '111', 'CAS', 'OOH', 'ED', 'SDEC', 'GP' … */
  stage: string;
  /** The case the step belongs to, for drill-down by those allowed to see it. */
  caseId?: number;
}

export interface JourneyOptions {
  /** Steps further apart than this start a new journey (default 72 h). */
  gapHours?: number;
  /** Steps beyond this position are folded into the last (keeps the diagram readable; default 6). */
  maxSteps?: number;
  /** The stages that are a fresh contact with the front door (default 111 and online). */
  frontDoor?: readonly string[];
  /** The stage of an ED attendance (default 'ED'). */
  emergencyDepartment?: string;
  /** Stages that are hospital departments one could refer to directly (default SDEC and specialty). */
  hospitalDepartments?: readonly string[];
}

/** A Sankey node is a stage at a position, so the diagram is acyclic even when patients come back. */
export interface FlowNode {
  id: string;
  stage: string;
  step: number;
}

export interface FlowLink {
  from: string;
  to: string;
  patients: number;
  medianMinutes: number;
  p90Minutes: number;
}

export interface JourneyReport {
  journeys: number;
  nodes: FlowNode[];
  links: FlowLink[];
  recontacts: { contacts: number; within24h: number; within72h: number };
  /** ED attendances followed by a hospital department within 24 hours. */
  corridor: { attendances: number; thenDepartment: number; caseIds: number[] };
}

const DEFAULTS = {
  gapHours: 72,
  maxSteps: 6,
  frontDoor: ['111', 'online'],
  emergencyDepartment: 'ED',
  hospitalDepartments: ['SDEC', 'specialty'],
} satisfies Required<JourneyOptions>;

export function journeyReport(steps: readonly JourneyStep[], options: JourneyOptions = {}): JourneyReport {
  const o = { ...DEFAULTS, ...options };
  const byPatient = groupByPatient(steps);
  const journeys = [...byPatient.values()].flatMap((own) => splitJourneys(own, o.gapHours));
  const { nodes, links } = flows(journeys, o.maxSteps);
  return {
    journeys: journeys.length,
    nodes,
    links,
    recontacts: recontacts(byPatient, new Set(o.frontDoor)),
    corridor: corridor(byPatient, o.emergencyDepartment, new Set(o.hospitalDepartments)),
  };
}

function groupByPatient(steps: readonly JourneyStep[]): Map<string, JourneyStep[]> {
  const byPatient = new Map<string, JourneyStep[]>();
  for (const step of steps) {
    const own = byPatient.get(step.patient);
    if (own) own.push(step);
    else byPatient.set(step.patient, [step]);
  }
  for (const own of byPatient.values()) own.sort((a, b) => a.at - b.at);
  return byPatient;
}

function splitJourneys(own: readonly JourneyStep[], gapHours: number): JourneyStep[][] {
  const journeys: JourneyStep[][] = [];
  for (const step of own) {
    const current = journeys.at(-1);
    if (current && step.at - current.at(-1)!.at <= gapHours * HOUR_MS) current.push(step);
    else journeys.push([step]);
  }
  return journeys;
}

function flows(journeys: readonly JourneyStep[][], maxSteps: number): { nodes: FlowNode[]; links: FlowLink[] } {
  const nodes = new Map<string, FlowNode>();
  const gaps = new Map<string, { from: string; to: string; minutes: number[] }>();
  const node = (stage: string, step: number) => {
    const id = `${step}:${stage}`;
    if (!nodes.has(id)) nodes.set(id, { id, stage, step });
    return id;
  };
  for (const journey of journeys) {
    const shown = journey.slice(0, maxSteps);
    node(shown[0].stage, 1);
    for (let i = 1; i < shown.length; i++) {
      const from = node(shown[i - 1].stage, i);
      const to = node(shown[i].stage, i + 1);
      const key = `${from}→${to}`;
      const link = gaps.get(key) ?? { from, to, minutes: [] };
      link.minutes.push((shown[i].at - shown[i - 1].at) / 60_000);
      gaps.set(key, link);
    }
  }
  const links = [...gaps.values()].map(({ from, to, minutes }): FlowLink => {
    const sorted = [...minutes].sort((a, b) => a - b);
    return { from, to, patients: minutes.length, medianMinutes: median(sorted), p90Minutes: quantileSorted(sorted, 0.9) };
  });
  links.sort((a, b) => b.patients - a.patients || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { nodes: [...nodes.values()].sort((a, b) => a.step - b.step || a.stage.localeCompare(b.stage)), links };
}

/** Each front-door contact, and whether the same patient had an earlier one within 24 / 72 hours. */
function recontacts(byPatient: Map<string, JourneyStep[]>, frontDoor: Set<string>): JourneyReport['recontacts'] {
  let contacts = 0;
  let within24h = 0;
  let within72h = 0;
  for (const own of byPatient.values()) {
    let previous: number | null = null;
    for (const step of own) {
      if (!frontDoor.has(step.stage)) continue;
      contacts++;
      if (previous !== null) {
        const hours = (step.at - previous) / HOUR_MS;
        if (hours <= 24) within24h++;
        if (hours <= 72) within72h++;
      }
      previous = step.at;
    }
  }
  return { contacts, within24h, within72h };
}

function corridor(byPatient: Map<string, JourneyStep[]>, ed: string, departments: Set<string>): JourneyReport['corridor'] {
  let attendances = 0;
  let thenDepartment = 0;
  const caseIds: number[] = [];
  for (const own of byPatient.values()) {
    own.forEach((step, i) => {
      if (step.stage !== ed) return;
      attendances++;
      const next = own.slice(i + 1).find((later) => later.at - step.at <= 24 * HOUR_MS && departments.has(later.stage));
      if (!next) return;
      thenDepartment++;
      if (step.caseId !== undefined) caseIds.push(step.caseId);
    });
  }
  return { attendances, thenDepartment, caseIds };
}
