/**
 * Where things are in the authored YAML, so every problem names a file and a line.
 */
import { isNode } from 'yaml';
import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import type { ContentProblem } from './model';

export interface Source {
  file: string;
  doc: Document;
  lines: LineCounter;
  layer: number;
}

export type YamlPath = (string | number)[];

/** A place in a content file: the file plus the path of keys/indexes inside its document. */
export interface Loc {
  src: Source;
  path: YamlPath;
}

export function at(loc: Loc, ...more: YamlPath): Loc {
  return { src: loc.src, path: [...loc.path, ...more] };
}

/** Line and column of the path, or of its nearest existing parent (a missing key has no line). */
export function position(loc: Loc): { line: number; col: number } {
  for (let path = loc.path; ; path = path.slice(0, -1)) {
    const node = path.length ? loc.src.doc.getIn(path, true) : loc.src.doc.contents;
    if (isNode(node) && node.range) return loc.src.lines.linePos(node.range[0]);
    if (!path.length) return { line: 1, col: 1 };
  }
}

export function describeLoc(loc: Loc): string {
  return `${loc.src.file}:${position(loc).line}`;
}

export class Problems {
  readonly list: ContentProblem[] = [];

  error(loc: Loc, message: string): void {
    this.add(loc, message, 'error');
  }

  warn(loc: Loc, message: string): void {
    this.add(loc, message, 'warning');
  }

  addRaw(problem: ContentProblem): void {
    this.list.push(problem);
  }

  get errorCount(): number {
    return this.list.filter((p) => p.severity === 'error').length;
  }

  private add(loc: Loc, message: string, severity: ContentProblem['severity']): void {
    const { line, col } = position(loc);
    this.list.push({ file: loc.src.file, line, column: col, message, severity });
  }
}

export function hasErrors(problems: ContentProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** `file:line:col severity message`, one per line, sorted by file and line. */
export function formatProblems(problems: ContentProblem[]): string {
  return [...problems]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)
    .map((p) => `${p.file}:${p.line}${p.column ? `:${p.column}` : ''} ${p.severity} ${p.message}`)
    .join('\n');
}

type Issue = z.core.$ZodIssue;

/** Turns a zod issue into a path inside the document and a message an author can act on. */
export function explainIssue(issue: Issue, base: YamlPath = []): { path: YamlPath; message: string } {
  const path = [...base, ...(issue.path as YamlPath)];
  const where = path.length ? `${path.join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') return { path: [...path, issue.keys[0]], message: `${where}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}` };
  if (issue.code === 'invalid_union' && issue.errors.length) return explainIssue(closestBranch(issue.errors), path);
  return { path, message: `${where}${issue.message}` };
}

/** Of a union's failed branches, the one that got furthest is the one the author meant. */
function closestBranch(branches: Issue[][]): Issue {
  let best = branches[0][0];
  for (const branch of branches) for (const issue of branch) if (issue.path.length > best.path.length) best = issue;
  return best;
}
