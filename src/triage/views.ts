// What the triage use cases hand back: a session as a call handler sees it, a content version's
// detail and its scenario tests, and a replay impact report.
import { directoryQuery, type QuestionView } from './engine';
import type { Answerer, ContentProblem, Outcome, SessionState, Sex } from './model';
import type { ReplayReport } from './replay';
import type { ScenarioResult } from './scenarios';
import type { ContentStatus, ContentVersion } from './store';

/** Changes listed in an impact report; the counts cover them all. */
const CHANGES_LISTED = 100;

/** A ready-to-send body for POST /api/directory/search. */
export interface DirectorySearchBody {
  disposition: string;
  symptomGroup: number;
  symptomDiscriminators: string[];
  age: { value: number; unit: 'days' };
  sex: Sex;
}

export interface SessionView {
  session: {
    id: string;
    status: SessionState['status'];
    contentVersionId: string;
    contentVersion: string;
    contentLabel: string;
    contentStatus: ContentStatus;
    /** False once the content it runs on is withdrawn: the session is kept but cannot go on. */
    canContinue: boolean;
    areaCode: string | null;
    pathwayId: string | null;
    answerer: Answerer;
    patient: SessionState['patient'];
    today: string;
    answers: SessionState['answers'];
    startedBy: string;
    startedAt: Date;
    updatedAt: Date;
    finishedAt: Date | null;
  };
  question: QuestionView | null;
  outcome: (Outcome & { directorySearch: DirectorySearchBody }) | null;
}

export interface TestSummary {
  total: number;
  passed: number;
  failed: number;
  failures: { pathwayId: string; name: string; at: string; failures: string[] }[];
}

export interface VersionDetail {
  version: ContentVersion;
  base: ContentVersion | null;
  pathways: number;
  problems: ContentProblem[];
  tests: TestSummary;
}

type TrimmedReport = Omit<ReplayReport, 'changes'> & { changes: ReplayReport['changes']; changesTruncated: boolean };

export interface ImpactReport {
  from: { id: string | null; label: string; contentVersion: string };
  to: { id: string | null; label: string; contentVersion: string };
  /** Sessions recorded on the `from` version, replayed on `to`. */
  recorded: TrimmedReport;
  /** A generated corpus walked on `from` (seeded), replayed on `to`. */
  corpus: TrimmedReport & { seed: number };
}

export function directorySearchOf(outcome: Outcome): DirectorySearchBody {
  const q = directoryQuery(outcome);
  return { disposition: q.disposition, symptomGroup: q.symptomGroup, symptomDiscriminators: [q.symptomDiscriminator], age: { value: q.ageDays, unit: 'days' }, sex: q.sex };
}

export function summariseTests(results: ScenarioResult[]): TestSummary {
  const failed = results.filter((r) => !r.passed);
  return {
    total: results.length,
    passed: results.length - failed.length,
    failed: failed.length,
    failures: failed.map((r) => ({ pathwayId: r.pathwayId, name: r.name, at: r.at, failures: r.failures })),
  };
}

export function trimReport(report: ReplayReport): TrimmedReport {
  return { ...report, changes: report.changes.slice(0, CHANGES_LISTED), changesTruncated: report.changes.length > CHANGES_LISTED };
}
