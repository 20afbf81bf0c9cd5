/**
 * Content compiler and validator (`signpost content check`).
 *
 * YAML files → parsed with line information → validated against the schema → merged by layer
 * (an overlay replaces whole pathways, nodes and care advice of the base pack by id) → compiled
 * into the JSON form the engine runs → checked as a graph (checks.ts). Problems carry file and
 * line; the compiled pack is returned even when there are errors, but must not be published then.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { DURATION_UNITS } from './durations';
import { compileCondition } from './conditions';
import { runGraphChecks } from './checks';
import { checkScenarios } from './scenario-checks';
import { Problems, at, describeLoc, explainIssue } from './problems';
import type { Loc, Source } from './problems';
import { ContentFileSchema, SCREEN_ID } from './model';
import type {
  AuthoredNode,
  AuthoredPathway,
  AuthoredRoute,
  AuthoredScenario,
  CareAdvice,
  CodeCatalogue,
  CodeTitle,
  CompiledNode,
  CompiledOption,
  CompiledPack,
  CompiledPathway,
  CompiledRoute,
  ContentFile,
  ContentProblem,
  DispositionInfo,
  PackMeta,
  Source as SourceRef,
  VarValue,
} from './model';
import { toTimeframe, urgencyOf } from './urgency';
import { lookup, qualify, type CompileContext, type Draft, type Item } from './compile-context';

export { hasErrors, formatProblems } from './problems';

interface Sections {
  packs: Item<PackMeta>[];
  screens: Item<AuthoredPathway>[];
  careAdvice: Item<CareAdvice>[];
  pathways: Item<AuthoredPathway>[];
  patches: Item<{ pathway: string; start?: string; nodes: AuthoredNode[]; tests: AuthoredScenario[] }>[];
  brokenPathways: Set<string>;
  brokenScreen: boolean;
}

// ───────────────────────────── entry points ─────────────────────────────

export function compilePack(files: ContentFile[], catalogue: CodeCatalogue): { pack: CompiledPack; problems: ContentProblem[] } {
  const problems = new Problems();
  const sections = collectSections(files, problems);
  const ctx: CompileContext = {
    problems,
    catalogue,
    drafts: new Map(),
    brokenPathways: sections.brokenPathways,
    careAdvice: mergeById(sections.careAdvice, 'care advice', problems),
    nodes: {},
    nodeLocs: new Map(),
    routeLocs: new Map(),
    references: [],
  };
  const meta = mergePackMeta(sections, problems, files);
  buildDrafts(sections, ctx);
  for (const draft of ctx.drafts.values()) compileDraftNodes(draft, ctx);
  checkReferences(ctx);
  const pathways = compilePathways(ctx);
  const pack = assemblePack(meta, pathways, ctx);
  runGraphChecks(pack, ctx);
  checkScenarios(pack, ctx);
  return { pack: seal(pack), problems: problems.list };
}

/** Layers a local variation over a base pack: later layers replace earlier ones by id. */
export function overlayPack(base: ContentFile[], overlay: ContentFile[]): ContentFile[] {
  return [...base.map((f) => ({ ...f, layer: 0 })), ...overlay.map((f) => ({ ...f, layer: 1 }))];
}

/** Reads every `*.yaml` under a pack directory (e.g. `content/national`), in a stable order. */
export function loadPackFromDir(dir: string): ContentFile[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((rel) => /\.ya?ml$/.test(rel))
    .sort()
    .map((rel) => ({ path: join(dir, rel), text: readFileSync(join(dir, rel), 'utf8') }));
}

// ───────────────────────────── parsing ─────────────────────────────

function collectSections(files: ContentFile[], problems: Problems): Sections {
  const sections: Sections = { packs: [], screens: [], careAdvice: [], pathways: [], patches: [], brokenPathways: new Set(), brokenScreen: false };
  const ordered = [...files].sort((a, b) => (a.layer ?? 0) - (b.layer ?? 0));
  for (const file of ordered) collectFile(file, sections, problems);
  return sections;
}

function collectFile(file: ContentFile, sections: Sections, problems: Problems): void {
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const src: Source = { file: file.path, doc, lines, layer: file.layer ?? 0 };
  const root: Loc = { src, path: [] };
  for (const e of doc.errors) problems.addRaw({ file: file.path, line: lines.linePos(e.pos[0]).line, column: lines.linePos(e.pos[0]).col, message: firstLine(e.message), severity: 'error' });
  if (doc.errors.length) return;
  const raw: unknown = doc.toJS();
  const parsed = ContentFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { path, message } = explainIssue(issue);
      problems.error({ src, path }, message);
    }
    noteBroken(raw, sections);
    return;
  }
  const data = parsed.data;
  if (data.pack) sections.packs.push({ value: data.pack, loc: at(root, 'pack') });
  if (data.emergencyScreen) sections.screens.push({ value: screenAsPathway(data.emergencyScreen), loc: at(root, 'emergencyScreen') });
  data.careAdvice?.forEach((value, i) => sections.careAdvice.push({ value, loc: at(root, 'careAdvice', i) }));
  if (data.pathway) sections.pathways.push({ value: data.pathway, loc: at(root, 'pathway') });
  if (data.pathwayPatch) sections.patches.push({ value: data.pathwayPatch, loc: at(root, 'pathwayPatch') });
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

function noteBroken(raw: unknown, sections: Sections): void {
  const file = (raw ?? {}) as { pathway?: { id?: unknown }; emergencyScreen?: unknown };
  if (typeof file.pathway?.id === 'string') sections.brokenPathways.add(file.pathway.id);
  if (file.emergencyScreen) sections.brokenScreen = true;
}

function screenAsPathway(screen: { title: string; source: SourceRef[]; start: string; nodes: AuthoredNode[]; tests: AuthoredScenario[] }): AuthoredPathway {
  return {
    id: SCREEN_ID,
    title: screen.title,
    symptomGroup: 0,
    keywords: [],
    entry: false,
    gating: { ageBands: ['infant', 'toddler', 'child', 'adult'], sexes: ['female', 'male', 'unknown'] },
    source: screen.source,
    start: screen.start,
    nodes: screen.nodes,
    tests: screen.tests,
  };
}

// ───────────────────────────── merging layers ─────────────────────────────

/** Same id twice in one layer is an error; a higher layer replaces a lower one. */
export function mergeById<T extends { id: string }>(items: Item<T>[], kind: string, problems: Problems): Map<string, Item<T>> {
  const merged = new Map<string, Item<T>>();
  for (const item of items) {
    const earlier = merged.get(item.value.id);
    if (earlier && earlier.loc.src.layer === item.loc.src.layer) {
      problems.error(at(item.loc, 'id'), `duplicate ${kind} id '${item.value.id}' (first defined at ${describeLoc(earlier.loc)})`);
      continue;
    }
    merged.set(item.value.id, item);
  }
  return merged;
}

function mergePackMeta(sections: Sections, problems: Problems, files: ContentFile[]): PackMeta & { baseVersion?: string } {
  const merged = mergeById(sections.packs, 'pack', problems);
  const metas = [...sections.packs].sort((a, b) => a.loc.src.layer - b.loc.src.layer);
  const top = metas[metas.length - 1];
  if (!top) {
    problems.addRaw({ file: files[0]?.path ?? '(no files)', line: 1, message: 'no pack metadata: add a pack.yaml with a `pack:` section', severity: 'error' });
    return { id: 'unknown', title: 'Unknown pack', version: '0', notice: '', sources: [] };
  }
  if (merged.size > 1 || top.loc.src.layer > 0) return overlayMeta(top, metas[0], problems);
  return top.value;
}

function overlayMeta(top: Item<PackMeta>, base: Item<PackMeta>, problems: Problems): PackMeta & { baseVersion?: string } {
  if (top === base) {
    problems.error(top.loc, 'an overlay needs the base pack underneath it');
    return top.value;
  }
  if (top.value.overlayOf !== base.value.id) {
    problems.error(at(top.loc, 'overlayOf'), `this overlay must say overlayOf: ${base.value.id} (the pack it varies)`);
  }
  return { ...top.value, sources: [...base.value.sources, ...top.value.sources], baseVersion: base.value.version };
}

function buildDrafts(sections: Sections, ctx: CompileContext): void {
  const screen = mergeSingleScreen(sections, ctx.problems);
  if (screen) ctx.drafts.set(SCREEN_ID, draftOf(screen, true));
  for (const [id, item] of mergeById(sections.pathways, 'pathway', ctx.problems)) {
    if (id === SCREEN_ID) ctx.problems.error(at(item.loc, 'id'), `'${SCREEN_ID}' is reserved for the emergency screen`);
    else ctx.drafts.set(id, draftOf(item, false));
  }
  for (const patch of sections.patches) applyPatch(patch, ctx);
}

function mergeSingleScreen(sections: Sections, problems: Problems): Item<AuthoredPathway> | undefined {
  const merged = mergeById(sections.screens, 'emergency screen', problems);
  const screen = merged.get(SCREEN_ID);
  if (!screen && !sections.brokenScreen) {
    const anyLoc = sections.packs[0]?.loc;
    if (anyLoc) problems.error(anyLoc, 'the pack has no emergency screen: add a file with an `emergencyScreen:` section');
  }
  return screen;
}

function draftOf(item: Item<AuthoredPathway>, screen: boolean): Draft {
  const p = item.value;
  return {
    id: p.id,
    title: p.title,
    symptomGroup: screen ? null : p.symptomGroup,
    keywords: p.keywords,
    entry: screen ? false : p.entry,
    screen,
    gating: p.gating,
    sources: p.source,
    start: p.start,
    loc: item.loc,
    nodes: p.nodes.map((value, i) => ({ value, loc: at(item.loc, 'nodes', i) })),
    tests: p.tests.map((value, i) => ({ value, loc: at(item.loc, 'tests', i) })),
  };
}

/** An overlay's `pathwayPatch` replaces or adds nodes (by id) and tests (by name). */
function applyPatch(patch: Sections['patches'][number], ctx: CompileContext): void {
  const draft = ctx.drafts.get(patch.value.pathway);
  if (!draft) {
    if (!ctx.brokenPathways.has(patch.value.pathway)) ctx.problems.error(at(patch.loc, 'pathway'), `pathwayPatch names an unknown pathway '${patch.value.pathway}'`);
    return;
  }
  if (patch.value.start) draft.start = patch.value.start;
  patch.value.nodes.forEach((value, i) => replaceOrAdd(draft.nodes, { value, loc: at(patch.loc, 'nodes', i) }, (n) => n.value.id === value.id));
  patch.value.tests.forEach((value, i) => replaceOrAdd(draft.tests, { value, loc: at(patch.loc, 'tests', i) }, (t) => t.value.name === value.name));
}

function replaceOrAdd<T>(list: T[], item: T, same: (x: T) => boolean): void {
  const index = list.findIndex(same);
  if (index >= 0) list[index] = item;
  else list.push(item);
}

// ───────────────────────────── compiling nodes ─────────────────────────────

function compileDraftNodes(draft: Draft, ctx: CompileContext): void {
  const seen = new Map<string, Loc>();
  for (const item of draft.nodes) {
    const first = seen.get(item.value.id);
    if (first) {
      ctx.problems.error(at(item.loc, 'id'), `duplicate node id '${item.value.id}' in pathway '${draft.id}' (first defined at ${describeLoc(first)})`);
      continue;
    }
    seen.set(item.value.id, item.loc);
    const id = qualify(draft.id, item.value.id);
    ctx.nodes[id] = stripUndefined(compileNode(draft, item, ctx));
    ctx.nodeLocs.set(id, item.loc);
  }
  if (!seen.has(draft.start)) ctx.problems.error(at(draft.loc, 'start'), `start node '${draft.start}' is not a node of '${draft.id}'`);
}

function compileNode(draft: Draft, item: Item<AuthoredNode>, ctx: CompileContext): CompiledNode {
  const n = item.value;
  const base = { id: qualify(draft.id, n.id), pathway: draft.id, at: describeLoc(item.loc) };
  const ref = (local: string, ...path: (string | number)[]) => reference(draft.id, local, at(item.loc, ...path), ctx);
  switch (n.type) {
    case 'yes-no':
      return { ...base, ...questionBase(n), kind: 'yes-no', options: yesNoOptions(n, ref), routes: [] };
    case 'single':
      checkOptionIds(n.options, item.loc, ctx);
      checkSingleEnds(n, item.loc, ctx);
      return { ...base, ...questionBase(n), kind: 'single', options: n.options.map((o, i) => choiceOption(o, ref, i)), routes: routes(base.id, n.routes, item.loc, ref, ctx), next: optionalRef(n.next, ref) };
    case 'multiple':
      checkOptionIds(n.options, item.loc, ctx);
      return { ...base, ...questionBase(n), kind: 'multiple', options: n.options.map(stripUndefined), minSelected: n.minSelected, routes: routes(base.id, n.routes, item.loc, ref, ctx), next: ref(n.next, 'next') };
    case 'number':
      if (n.min >= n.max) ctx.problems.error(at(item.loc, 'max'), `max (${n.max}) must be above min (${n.min})`);
      return { ...base, ...questionBase(n), kind: 'number', unit: n.unit, min: n.min, max: n.max, integer: n.integer, routes: routes(base.id, n.routes, item.loc, ref, ctx), next: ref(n.next, 'next') };
    case 'duration':
      if (n.min >= n.max) ctx.problems.error(at(item.loc, 'max'), `max (${n.max} hours) must be above min (${n.min} hours)`);
      if (n.units && new Set(n.units).size !== n.units.length) ctx.problems.error(at(item.loc, 'units'), 'a unit is listed twice');
      return { ...base, ...questionBase(n), kind: 'duration', unit: 'hours', units: n.units ?? [...DURATION_UNITS], min: n.min, max: n.max, routes: routes(base.id, n.routes, item.loc, ref, ctx), next: ref(n.next, 'next') };
    case 'date':
      return { ...base, ...questionBase(n), kind: 'date', earliestDaysAgo: n.earliestDaysAgo, latestDaysAhead: n.latestDaysAhead, routes: routes(base.id, n.routes, item.loc, ref, ctx), next: ref(n.next, 'next') };
    case 'branch':
      return { ...base, type: 'branch', routes: routes(base.id, n.routes, item.loc, ref, ctx), next: ref(n.next, 'next') };
    case 'set':
      return { ...base, type: 'set', set: n.set, next: ref(n.next, 'next') };
    case 'jump':
      return { ...base, type: 'jump', target: n.pathway, next: jumpTarget(n, item.loc, ctx), reason: n.reason };
    case 'outcome':
      return compileOutcome(base, n, draft, item.loc, ctx);
    case 'proceed':
      if (!draft.screen) ctx.problems.error(at(item.loc, 'type'), 'a proceed node belongs only in the emergency screen; end a pathway with an outcome');
      return { ...base, type: 'proceed' };
  }
}

type RefFn = (local: string, ...path: (string | number)[]) => string;

function reference(pathwayId: string, local: string, loc: Loc, ctx: CompileContext): string {
  const to = qualify(pathwayId, local);
  ctx.references.push({ to, loc });
  return to;
}

function optionalRef(local: string | undefined, ref: RefFn): string | undefined {
  return local === undefined ? undefined : ref(local, 'next');
}

function questionBase(n: { ask: string; help?: string; store?: string }) {
  return stripUndefined({ type: 'question' as const, text: n.ask, help: n.help, store: n.store });
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

type YesNoBranch = string | { next: string; set?: Record<string, VarValue>; reason?: string };

function yesNoOptions(n: { yes: YesNoBranch; no: YesNoBranch }, ref: RefFn): CompiledOption[] {
  const option = (id: 'yes' | 'no', label: string, b: YesNoBranch): CompiledOption =>
    typeof b === 'string' ? { id, label, next: ref(b, id) } : stripUndefined({ id, label, next: ref(b.next, id, 'next'), set: b.set, reason: b.reason });
  return [option('yes', 'Yes', n.yes), option('no', 'No', n.no)];
}

function choiceOption(o: { id: string; label: string; next?: string; set?: Record<string, VarValue>; reason?: string }, ref: RefFn, i: number): CompiledOption {
  return stripUndefined({ id: o.id, label: o.label, next: o.next === undefined ? undefined : ref(o.next, 'options', i, 'next'), set: o.set, reason: o.reason });
}

function routes(nodeId: string, authored: AuthoredRoute[] | undefined, loc: Loc, ref: RefFn, ctx: CompileContext): CompiledRoute[] {
  return (authored ?? []).map((r, i) => {
    ctx.routeLocs.set(`${nodeId}#${i}`, at(loc, 'routes', i, 'when'));
    return stripUndefined({ when: compileCondition(r.when), next: ref(r.next, 'routes', i, 'next'), set: r.set, reason: r.reason });
  });
}

function checkOptionIds(options: { id: string }[], loc: Loc, ctx: CompileContext): void {
  const seen = new Set<string>();
  options.forEach((o, i) => {
    if (seen.has(o.id)) ctx.problems.error(at(loc, 'options', i, 'id'), `duplicate option id '${o.id}'`);
    seen.add(o.id);
  });
}

/** An option with no `next` falls through to the question's routes and then its `next`. */
function checkSingleEnds(n: { options: { id: string; next?: string }[]; next?: string; routes?: unknown[] }, loc: Loc, ctx: CompileContext): void {
  const allOptionsLead = n.options.every((o) => o.next !== undefined);
  if (allOptionsLead && (n.next !== undefined || n.routes?.length)) {
    ctx.problems.warn(at(loc, n.routes?.length ? 'routes' : 'next'), 'every option has its own next, so the question\'s routes and default next are never used');
  }
  if (n.next !== undefined) return;
  n.options.forEach((o, i) => {
    if (o.next === undefined) ctx.problems.error(at(loc, 'options', i), `option '${o.id}' leads nowhere: give it a next, or give the question a default next, so this path ends in an outcome`);
  });
}

function jumpTarget(n: { pathway: string; node?: string }, loc: Loc, ctx: CompileContext): string {
  if (n.pathway === SCREEN_ID) {
    ctx.problems.error(at(loc, 'pathway'), 'a pathway cannot jump back into the emergency screen');
    return '';
  }
  const target = ctx.drafts.get(n.pathway);
  if (!target) {
    if (!ctx.brokenPathways.has(n.pathway)) ctx.problems.error(at(loc, 'pathway'), `jump to unknown pathway '${n.pathway}'`);
    return '';
  }
  const to = qualify(n.pathway, n.node ?? target.start);
  ctx.references.push({ to, loc: at(loc, n.node ? 'node' : 'pathway') });
  return to;
}

function compileOutcome(
  base: { id: string; pathway: string; at: string },
  n: Extract<AuthoredNode, { type: 'outcome' }>,
  draft: Draft,
  loc: Loc,
  ctx: CompileContext,
): CompiledNode {
  const symptomGroup = n.symptomGroup ?? draft.symptomGroup;
  if (symptomGroup === null) ctx.problems.error(at(loc, 'symptomGroup'), 'an outcome in the emergency screen must name its symptomGroup');
  n.careAdvice.forEach((id, i) => {
    if (!ctx.careAdvice.has(id)) ctx.problems.error(at(loc, 'careAdvice', i), `unknown care advice '${id}'`);
  });
  return stripUndefined({ ...base, type: 'outcome' as const, disposition: n.disposition, discriminator: n.discriminator, symptomGroup: symptomGroup ?? 0, careAdvice: n.careAdvice, report: n.report, reason: n.reason });
}

function checkReferences(ctx: CompileContext): void {
  for (const r of ctx.references) {
    if (ctx.nodes[r.to]) continue;
    const [pathway, node] = r.to.split('/');
    if (ctx.brokenPathways.has(pathway)) continue;
    ctx.problems.error(r.loc, `'${node}' is not a node of pathway '${pathway}': this path does not end in an outcome`);
  }
}

// ───────────────────────────── pathways and the pack ─────────────────────────────

function compilePathways(ctx: CompileContext): Record<string, CompiledPathway> {
  const pathways: Record<string, CompiledPathway> = {};
  for (const d of ctx.drafts.values()) {
    pathways[d.id] = {
      id: d.id,
      title: d.title,
      symptomGroup: d.symptomGroup ?? 0,
      keywords: d.keywords,
      entry: d.entry,
      screen: d.screen,
      gating: { ageBands: d.gating.ageBands, sexes: d.gating.sexes },
      sources: d.sources,
      start: qualify(d.id, d.start),
      tests: [],
      at: describeLoc(d.loc),
    };
  }
  return pathways;
}

function assemblePack(meta: PackMeta & { baseVersion?: string }, pathways: Record<string, CompiledPathway>, ctx: CompileContext): CompiledPack {
  const careAdvice: Record<string, CareAdvice> = {};
  for (const [id, item] of ctx.careAdvice) careAdvice[id] = item.value;
  return stripUndefined({
    format: 1 as const,
    id: meta.id,
    title: meta.title,
    version: meta.version,
    notice: meta.notice,
    description: meta.description,
    sources: meta.sources,
    overlayOf: meta.overlayOf,
    baseVersion: meta.baseVersion,
    area: meta.area,
    contentVersion: '',
    hash: '',
    screen: SCREEN_ID,
    pathwayOrder: Object.keys(pathways).filter((id) => id !== SCREEN_ID),
    pathways,
    nodes: ctx.nodes,
    careAdvice,
    ...catalogueSnapshot(ctx),
  });
}

/** Copies the catalogue entries the pack uses, reporting codes the catalogue does not know. */
function catalogueSnapshot(ctx: CompileContext): Pick<CompiledPack, 'dispositions' | 'symptomGroups' | 'discriminators'> {
  const dispositions: Record<string, DispositionInfo> = {};
  const symptomGroups: Record<string, CodeTitle> = {};
  const discriminators: Record<string, CodeTitle> = {};
  for (const d of ctx.drafts.values()) {
    if (d.symptomGroup !== null) addSymptomGroup(d.symptomGroup, at(d.loc, 'symptomGroup'), symptomGroups, ctx);
  }
  for (const [id, node] of Object.entries(ctx.nodes)) {
    if (node.type !== 'outcome') continue;
    const loc = ctx.nodeLocs.get(id) as Loc;
    addDisposition(node.disposition, at(loc, 'disposition'), dispositions, ctx);
    addDiscriminator(node.discriminator, at(loc, 'discriminator'), discriminators, ctx);
    if (node.symptomGroup) addSymptomGroup(node.symptomGroup, at(loc, 'symptomGroup'), symptomGroups, ctx);
  }
  return { dispositions, symptomGroups, discriminators };
}

function addDisposition(code: string, loc: Loc, into: Record<string, DispositionInfo>, ctx: CompileContext): void {
  if (into[code]) return;
  const found = lookup(() => ctx.catalogue.disposition(code));
  if (!found) return ctx.problems.error(loc, `disposition ${code} is not in the catalogue`);
  const timeframe = toTimeframe(found.timeframe) ?? 'none';
  if (toTimeframe(found.timeframe) === null) ctx.problems.warn(loc, `disposition ${code} has no usable timeframe in the catalogue; treated as 'none'`);
  const group = typeof found.group === 'string' ? found.group : 'unknown';
  into[code] = { code, title: typeof found.title === 'string' ? found.title : code, group, timeframe, urgency: urgencyOf(timeframe, group) };
}

function addDiscriminator(code: string, loc: Loc, into: Record<string, CodeTitle>, ctx: CompileContext): void {
  if (into[code]) return;
  const found = lookup(() => ctx.catalogue.discriminator(code));
  if (!found) return ctx.problems.error(loc, `symptom discriminator ${code} is not in the catalogue`);
  into[code] = { code, title: typeof found.title === 'string' ? found.title : code };
}

function addSymptomGroup(code: number, loc: Loc, into: Record<string, CodeTitle>, ctx: CompileContext): void {
  if (into[String(code)]) return;
  const found = lookup(() => ctx.catalogue.symptomGroup(code));
  if (!found) return ctx.problems.error(loc, `symptom group ${code} is not in the catalogue`);
  into[String(code)] = { code: String(code), title: typeof found.title === 'string' ? found.title : String(code) };
}

/** The hash ignores `at` (file:line), so the same content loaded from another directory is the same version. */
function seal(pack: CompiledPack): CompiledPack {
  const hash = createHash('sha256')
    .update(JSON.stringify(pack, (key, value: unknown) => (key === 'at' ? undefined : value)))
    .digest('hex');
  return { ...pack, hash, contentVersion: `${pack.id}@${pack.version}+${hash.slice(0, 12)}` };
}
