// Why this file exists: the compiler hands its working state to the graph and scenario checks, and
// they hand problems back. The shared types and helpers live here, so the checks import them without
// importing the compiler that imports the checks (no import cycle).
import type { Loc, Problems } from './problems';
import type { AuthoredNode, AuthoredPathway, AuthoredScenario, CareAdvice, CodeCatalogue, CompiledNode, Source as SourceRef } from './model';

export interface Item<T> {
  value: T;
  loc: Loc;
}

/** A pathway (or the emergency screen) after merging layers, before compiling its nodes. */
export interface Draft {
  id: string;
  title: string;
  symptomGroup: number | null;
  keywords: string[];
  entry: boolean;
  screen: boolean;
  gating: AuthoredPathway['gating'];
  sources: SourceRef[];
  start: string;
  loc: Loc;
  nodes: Item<AuthoredNode>[];
  tests: Item<AuthoredScenario>[];
}

export interface Reference {
  to: string;
  loc: Loc;
}

/** Everything the later checks need, including where each compiled thing was written. */
export interface CompileContext {
  problems: Problems;
  catalogue: CodeCatalogue;
  drafts: Map<string, Draft>;
  /** Pathway ids from files that failed the schema: references to them are not reported again. */
  brokenPathways: Set<string>;
  careAdvice: Map<string, Item<CareAdvice>>;
  nodes: Record<string, CompiledNode>;
  nodeLocs: Map<string, Loc>;
  /** `${nodeId}#${routeIndex}` → where the route's condition is written. */
  routeLocs: Map<string, Loc>;
  references: Reference[];
}

/** A node's id inside the pack: `pathway/node`. */
export function qualify(pathwayId: string, nodeId: string): string {
  return `${pathwayId}/${nodeId}`;
}

/** The catalogue may return undefined or throw for an unknown code; both mean "not there". */
export function lookup(find: () => unknown): Record<string, unknown> | null {
  try {
    const found = find();
    if (found === undefined || found === null || found === false) return null;
    return typeof found === 'object' ? (found as Record<string, unknown>) : {};
  } catch {
    return null;
  }
}
