/**
 * Whole-pack graph checks, run on the compiled nodes:
 *  - reachability (no node that nothing leads to) and cycles (also through jumps);
 *  - a forward data-flow pass in topological order that tracks, for each node, the variables
 *    set on EVERY path to it and the patients (age band × sex) who can reach it. That gives
 *    "variable read before it is set", "jump into a pathway whose gating excludes patients who
 *    can reach the jump" and "a branch on age or sex that can never be taken".
 */
import type { CompileContext } from './compile-context';
import { ALL_PATIENTS, conditionMasks, describeMask, patientMask, templateVars, varsRead } from './conditions';
import type { CompiledNode, CompiledPack, CompiledRoute, QuestionNode } from './model';
import { at } from './problems';
import type { Loc } from './problems';

type Graph = Map<string, string[]>;

export function runGraphChecks(pack: CompiledPack, ctx: CompileContext): void {
  const graph = buildGraph(pack);
  checkReachability(pack, graph, ctx);
  checkScreenProceeds(pack, graph, ctx);
  const order = topologicalOrder(pack, graph, ctx);
  if (order) runFlowChecks(pack, order, ctx);
  checkUnusedCareAdvice(pack, ctx);
}

// ───────────────────────────── graph ─────────────────────────────

function entryStarts(pack: CompiledPack): string[] {
  return pack.pathwayOrder.filter((id) => pack.pathways[id].entry).map((id) => pack.pathways[id].start);
}

function successors(node: CompiledNode, pack: CompiledPack): string[] {
  switch (node.type) {
    case 'question':
      return [...(node.options ?? []).map((o) => o.next), ...node.routes.map((r) => r.next), node.next].filter((x): x is string => !!x);
    case 'branch':
      return [...node.routes.map((r) => r.next), node.next];
    case 'set':
    case 'jump':
      return [node.next];
    case 'proceed':
      return entryStarts(pack);
    case 'outcome':
      return [];
  }
}

function buildGraph(pack: CompiledPack): Graph {
  const graph: Graph = new Map();
  for (const [id, node] of Object.entries(pack.nodes)) graph.set(id, [...new Set(successors(node, pack))].filter((to) => pack.nodes[to]));
  return graph;
}

function nodeLoc(id: string, ctx: CompileContext): Loc {
  return ctx.nodeLocs.get(id) as Loc;
}

// ───────────────────────────── reachability ─────────────────────────────

function reachableFrom(roots: string[], graph: Graph): Set<string> {
  const seen = new Set<string>();
  const stack = roots.filter((r) => graph.has(r));
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const to of graph.get(id) ?? []) stack.push(to);
  }
  return seen;
}

function checkReachability(pack: CompiledPack, graph: Graph, ctx: CompileContext): void {
  const screen = pack.pathways[pack.screen];
  const reached = reachableFrom([...(screen ? [screen.start] : []), ...entryStarts(pack)], graph);
  const byPathway = new Map<string, string[]>();
  for (const id of Object.keys(pack.nodes)) {
    if (reached.has(id)) continue;
    const pathway = pack.nodes[id].pathway;
    byPathway.set(pathway, [...(byPathway.get(pathway) ?? []), id]);
  }
  for (const [pathwayId, unreached] of byPathway) reportUnreached(pack, pathwayId, unreached, reached, ctx);
}

function reportUnreached(pack: CompiledPack, pathwayId: string, unreached: string[], reached: Set<string>, ctx: CompileContext): void {
  const pathway = pack.pathways[pathwayId];
  const draft = ctx.drafts.get(pathwayId);
  if (!reached.has(pathway.start) && !pathway.entry && draft) {
    ctx.problems.warn(draft.loc, `pathway '${pathwayId}' is never used: it is not an entry pathway and no pathway jumps to it`);
    return;
  }
  for (const id of unreached) ctx.problems.error(at(nodeLoc(id, ctx), 'id'), `node '${pack.nodes[id].id.split('/')[1]}' is unreachable: nothing leads to it`);
}

function checkScreenProceeds(pack: CompiledPack, graph: Graph, ctx: CompileContext): void {
  const screen = pack.pathways[pack.screen];
  const draft = ctx.drafts.get(pack.screen);
  if (!screen || !draft) return;
  const reached = reachableFrom([screen.start], graph);
  const proceeds = [...reached].some((id) => pack.nodes[id].type === 'proceed' && pack.nodes[id].pathway === pack.screen);
  if (!proceeds) ctx.problems.error(draft.loc, 'the emergency screen never proceeds to a pathway: add a node of type proceed');
}

// ───────────────────────────── cycles and order ─────────────────────────────

/** Depth-first search; returns nodes in topological order, or null after reporting cycles. */
function topologicalOrder(pack: CompiledPack, graph: Graph, ctx: CompileContext): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const postOrder: string[] = [];
  let cycles = 0;
  for (const root of graph.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [];
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'open');
    path.push(root);
    while (stack.length) {
      const frame = stack[stack.length - 1];
      const outs = graph.get(frame.id) ?? [];
      if (frame.next >= outs.length) {
        state.set(frame.id, 'done');
        postOrder.push(frame.id);
        stack.pop();
        path.pop();
        continue;
      }
      const to = outs[frame.next++];
      if (state.get(to) === 'open') {
        cycles++;
        reportCycle(pack, [...path.slice(path.indexOf(to)), to], frame.id, ctx);
      } else if (!state.has(to)) {
        state.set(to, 'open');
        path.push(to);
        stack.push({ id: to, next: 0 });
      }
    }
  }
  return cycles ? null : postOrder.reverse();
}

function reportCycle(pack: CompiledPack, cycle: string[], from: string, ctx: CompileContext): void {
  const shown = cycle.map((id) => id).join(' → ');
  const jumps = cycle.some((id) => pack.nodes[id].type === 'jump') ? ' (through a pathway jump)' : '';
  ctx.problems.error(nodeLoc(from, ctx), `cycle${jumps}: ${shown} — a session could go round for ever`);
}

// ───────────────────────────── data flow ─────────────────────────────

interface FlowEdge {
  to: string;
  defines: string[];
  mask: number;
}

interface FlowState {
  vars: Map<string, Set<string>>;
  masks: Map<string, number>;
  everSet: Set<string>;
}

function runFlowChecks(pack: CompiledPack, order: string[], ctx: CompileContext): void {
  const flow: FlowState = { vars: new Map(), masks: new Map(), everSet: allVariablesSet(pack) };
  const screen = pack.pathways[pack.screen];
  const roots = screen ? [screen.start] : entryStarts(pack);
  for (const root of roots) mergeInto(flow, root, new Set(), ALL_PATIENTS);
  for (const id of order) {
    const vars = flow.vars.get(id);
    if (!vars) continue;
    const node = pack.nodes[id];
    checkReads(node, vars, flow.everSet, ctx);
    for (const edge of flowEdges(node, flow.masks.get(id) ?? 0, pack, ctx)) {
      if (pack.nodes[edge.to]) mergeInto(flow, edge.to, union(vars, edge.defines), edge.mask);
    }
  }
}

function mergeInto(flow: FlowState, id: string, vars: Set<string>, mask: number): void {
  const existing = flow.vars.get(id);
  if (!existing) flow.vars.set(id, new Set(vars));
  else for (const v of existing) if (!vars.has(v)) existing.delete(v);
  flow.masks.set(id, (flow.masks.get(id) ?? 0) | mask);
}

function union(set: Set<string>, more: string[]): Set<string> {
  if (!more.length) return set;
  const result = new Set(set);
  for (const v of more) result.add(v);
  return result;
}

function allVariablesSet(pack: CompiledPack): Set<string> {
  const names = new Set<string>();
  const addKeys = (o?: object) => Object.keys(o ?? {}).forEach((k) => names.add(k));
  for (const node of Object.values(pack.nodes)) {
    if (node.type === 'question') {
      if (node.store) names.add(node.store);
      node.options?.forEach((o) => addKeys(o.set));
    }
    if (node.type === 'question' || node.type === 'branch') node.routes.forEach((r) => addKeys(r.set));
    if (node.type === 'set') addKeys(node.set);
  }
  return names;
}

/** Variables the routes of a question may rely on: its own answer and what every fall-through option sets. */
function definedByAnswer(node: QuestionNode): string[] {
  const fallThrough = (node.options ?? []).filter((o) => !o.next);
  const common = node.kind === 'yes-no' || node.kind === 'single' ? intersectKeys(fallThrough.map((o) => o.set ?? {})) : [];
  return [...(node.store ? [node.store] : []), ...common];
}

function intersectKeys(objects: object[]): string[] {
  if (!objects.length) return [];
  return Object.keys(objects[0]).filter((k) => objects.every((o) => k in o));
}

function checkReads(node: CompiledNode, vars: Set<string>, everSet: Set<string>, ctx: CompileContext): void {
  const loc = nodeLoc(node.id, ctx);
  if (node.type === 'question') {
    for (const v of templateVars(node.text)) reportUnset(v, vars, everSet, at(loc, 'ask'), ctx);
    checkRouteReads(node, union(vars, definedByAnswer(node)), everSet, ctx);
  }
  if (node.type === 'branch') checkRouteReads(node, vars, everSet, ctx);
  if (node.type === 'outcome') for (const v of templateVars(node.report)) reportUnset(v, vars, everSet, at(loc, 'report'), ctx);
}

function checkRouteReads(node: { id: string; routes: CompiledRoute[] }, vars: Set<string>, everSet: Set<string>, ctx: CompileContext): void {
  node.routes.forEach((route, i) => {
    for (const v of varsRead(route.when)) reportUnset(v, vars, everSet, ctx.routeLocs.get(`${node.id}#${i}`) as Loc, ctx);
  });
}

function reportUnset(name: string, vars: Set<string>, everSet: Set<string>, loc: Loc, ctx: CompileContext): void {
  if (vars.has(name)) return;
  const why = everSet.has(name) ? 'is not set on every path that leads here' : 'is never set anywhere in the pack';
  ctx.problems.error(loc, `variable '${name}' is read here but ${why}`);
}

function flowEdges(node: CompiledNode, mask: number, pack: CompiledPack, ctx: CompileContext): FlowEdge[] {
  switch (node.type) {
    case 'question': {
      const store = node.store ? [node.store] : [];
      const direct = (node.options ?? []).filter((o) => o.next).map((o) => ({ to: o.next as string, defines: [...store, ...Object.keys(o.set ?? {})], mask }));
      const fallsThrough = node.kind === 'multiple' || node.kind === 'number' || node.kind === 'duration' || node.kind === 'date' || (node.options ?? []).some((o) => !o.next);
      return fallsThrough && node.next ? [...direct, ...routeEdges(node, node.next, definedByAnswer(node), mask, ctx)] : direct;
    }
    case 'branch':
      return routeEdges(node, node.next, [], mask, ctx);
    case 'set':
      return [{ to: node.next, defines: Object.keys(node.set), mask }];
    case 'jump':
      return [{ to: node.next, defines: [], mask: checkJumpGating(node, mask, pack, ctx) }];
    case 'proceed':
      return pack.pathwayOrder
        .map((id) => pack.pathways[id])
        .filter((p) => p.entry)
        .map((p) => ({ to: p.start, defines: [], mask: mask & patientMask(p.gating.ageBands, p.gating.sexes) }));
    case 'outcome':
      return [];
  }
}

/** Routes are tried in order, so each one only sees the patients the earlier ones let through. */
function routeEdges(node: { id: string; routes: CompiledRoute[] }, next: string, defines: string[], mask: number, ctx: CompileContext): FlowEdge[] {
  const edges: FlowEdge[] = [];
  let remaining = mask;
  node.routes.forEach((route, i) => {
    const { may, must } = conditionMasks(route.when);
    const taken = remaining & may;
    if (mask && !taken) reportNeverTaken(node.id, i, mask, remaining, ctx);
    edges.push({ to: route.next, defines: [...defines, ...Object.keys(route.set ?? {})], mask: taken });
    remaining &= ~must;
  });
  edges.push({ to: next, defines, mask: remaining });
  return edges;
}

function reportNeverTaken(nodeId: string, index: number, mask: number, remaining: number, ctx: CompileContext): void {
  const who = remaining === mask ? `only ${describeMask(mask)} can reach this node` : `earlier routes already take ${describeMask(mask & ~remaining)}`;
  ctx.problems.error(ctx.routeLocs.get(`${nodeId}#${index}`) as Loc, `this age/sex branch can never be taken: ${who}`);
}

function checkJumpGating(node: { id: string; target: string }, mask: number, pack: CompiledPack, ctx: CompileContext): number {
  const target = pack.pathways[node.target];
  if (!target) return mask;
  const allowed = patientMask(target.gating.ageBands, target.gating.sexes);
  const excluded = mask & ~allowed;
  if (excluded) {
    ctx.problems.error(
      at(nodeLoc(node.id, ctx), 'pathway'),
      `patients who can reach this jump (${describeMask(excluded)}) are excluded by the gating of pathway '${target.id}' (${describeMask(allowed)})`,
    );
  }
  return mask & allowed;
}

function checkUnusedCareAdvice(pack: CompiledPack, ctx: CompileContext): void {
  const used = new Set(Object.values(pack.nodes).flatMap((n) => (n.type === 'outcome' ? n.careAdvice : [])));
  for (const [id, item] of ctx.careAdvice) if (!used.has(id)) ctx.problems.warn(at(item.loc, 'id'), `care advice '${id}' is not used by any outcome`);
}
