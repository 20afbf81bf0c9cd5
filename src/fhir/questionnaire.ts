/**
 * A published triage pathway as a FHIR R4 Questionnaire. The items are the pathway's questions in the
 * order they can first be reached (an entry pathway's begin with the emergency screen, which every
 * session asks first, and include the pathways it may jump to), each `linkId` the question's qualified
 * id (`pathway/node`) — the linkIds of the QuestionnaireResponses Signpost sends. Choice questions
 * carry their options as codings (one code system per question). Triage is adaptive: which question
 * follows depends on earlier answers, the patient's age and sex, so `enableWhen` is given only where
 * one earlier answer alone decides that a question is asked, and the description says so. Pure.
 */
import { createHash } from 'node:crypto';
import type { Coding, Extension, Questionnaire, QuestionnaireItem, QuestionnaireItemAnswerOption, QuestionnaireItemEnableWhen } from '@medplum/fhirtypes';
import { answerOptionSystem, questionnaireUrl, SYSTEMS } from '../referrals/fhir';
import type { CompiledNode, CompiledOption, CompiledPack, CompiledPathway, QuestionNode } from '../triage/model';

/** How a content version stands: published now (`active`), or superseded or withdrawn after it was (`retired`). */
export interface PublishedContent {
  pack: CompiledPack;
  status: 'active' | 'retired';
  publishedAt: Date;
  /** when the version last changed (published, superseded, withdrawn): the Questionnaire's meta.lastUpdated */
  updatedAt: Date;
}

const EXT = {
  unit: 'http://hl7.org/fhir/StructureDefinition/questionnaire-unit',
  minValue: 'http://hl7.org/fhir/StructureDefinition/minValue',
  maxValue: 'http://hl7.org/fhir/StructureDefinition/maxValue',
  optionExclusive: 'http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive',
} as const;

const MAX_FHIR_ID = 64;

/**
 * The Questionnaire's id: `{pathway}.{content hash}` (the hash is the content version's, so one pathway
 * in one content is one id). A pathway id too long for a FHIR id is shortened with a hash of itself.
 */
export function questionnaireId(pack: Pick<CompiledPack, 'hash'>, pathwayId: string): string {
  const hash = pack.hash.slice(0, 12);
  const room = MAX_FHIR_ID - hash.length - 1;
  const name = pathwayId.length <= room ? pathwayId : `${pathwayId.slice(0, room - 17)}-${createHash('sha256').update(pathwayId).digest('hex').slice(0, 16)}`;
  return `${name}.${hash}`;
}

/** The content hash a Questionnaire id names (to find its content version), or undefined if it is not one. */
export function contentHashOfId(id: string): string | undefined {
  const match = /^[a-z0-9][a-z0-9-]*\.([0-9a-f]{12})$/.exec(id);
  return match?.[1];
}

/** Every pathway of a content version as a Questionnaire: the emergency screen first (a session that ends there answers only it), then the pathways. */
export function questionnairesOf(content: PublishedContent): Questionnaire[] {
  const { pack } = content;
  return [pack.screen, ...pack.pathwayOrder.filter((id) => id !== pack.screen)]
    .map((id) => pack.pathways[id])
    .filter((p): p is CompiledPathway => Boolean(p))
    .map((pathway) => questionnaire(content, pathway));
}

export function questionnaire(content: PublishedContent, pathway: CompiledPathway): Questionnaire {
  const { pack } = content;
  const screen = pack.pathways[pack.screen];
  // Every session starts with the emergency screen; a sub-pathway (entry: false) is only jumped to.
  const starts = pathway.screen || !pathway.entry || !screen ? [pathway.start] : [screen.start, pathway.start];
  const reached = reachableFrom(pack, starts);
  const demonstration = /not for clinical use/i.test(pack.notice);
  return {
    resourceType: 'Questionnaire',
    id: questionnaireId(pack, pathway.id),
    meta: { lastUpdated: content.updatedAt.toISOString() },
    url: questionnaireUrl(pack.contentVersion, pathway.id),
    version: pack.contentVersion,
    name: computableName(pathway.id),
    title: pathway.title,
    status: content.status,
    experimental: demonstration,
    subjectType: ['Patient'],
    date: content.publishedAt.toISOString(),
    publisher: 'Signpost',
    description: description(pack, pathway, Boolean(screen) && starts.length > 1),
    code: [{ system: SYSTEMS.symptomGroup, code: String(pathway.symptomGroup), ...(pack.symptomGroups[String(pathway.symptomGroup)] ? { display: pack.symptomGroups[String(pathway.symptomGroup)].title } : {}) }],
    item: reached.questions.map((node) => item(node, reached.decidedBy.get(node.id))),
  };
}

function description(pack: CompiledPack, pathway: CompiledPathway, withScreen: boolean): string {
  const sources = pathway.sources.map((s) => `- [${s.title}](${s.url})`).join('\n');
  return [
    `**${pack.notice.replace(/\.$/, '')}.** ${pack.description ?? ''}`.trim(),
    `The questions of the triage pathway “${pathway.title}” in ${pack.title} ${pack.version} (content ${pack.contentVersion}).${withScreen ? ' Every session first asks the emergency screen’s questions, which come first here; the pathways this one may pass a patient on to follow its own.' : ''}`,
    'The order is adaptive: which question comes next depends on the answers so far and on the patient’s age and sex, so items are listed in the order they can first be reached, and not every patient is asked every question. `enableWhen` is given only where one earlier answer alone decides that a question is asked.',
    `Source:\n${sources}`,
  ].join('\n\n');
}

/** `back-pain` → `BackPain`: a name usable as an identifier (FHIR's que-0). */
function computableName(pathwayId: string): string {
  const name = pathwayId
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return /^[A-Z]/.test(name) ? name : `Pathway${name}`;
}

/** How a node is reached: by one question's option (that answer alone sends the walk on), through a set or jump node, or otherwise. */
type Arrival = { kind: 'option'; from: QuestionNode; option: CompiledOption } | { kind: 'via'; node: string } | { kind: 'otherwise' };
type ChosenOption = { from: QuestionNode; option: CompiledOption };
const OTHERWISE: Arrival = { kind: 'otherwise' };

/**
 * The question nodes reachable from the starts, in the order first reached (breadth first), and for
 * each question reached only through chosen options, those options. A set or jump node passes on the
 * ways it was reached to the node after it; any other way in (a start, a route, a branch, a
 * question's default next) decides nothing on its own.
 */
function reachableFrom(pack: CompiledPack, starts: string[]): { questions: QuestionNode[]; decidedBy: Map<string, ChosenOption[]> } {
  const arrivals = new Map<string, Arrival[]>();
  const queue: string[] = [];
  const arrive = (id: string | undefined, how: Arrival) => {
    if (!id || !pack.nodes[id]) return;
    const list = arrivals.get(id);
    if (list) return void list.push(how);
    arrivals.set(id, [how]);
    queue.push(id);
  };
  // One start at a time: the emergency screen's questions all come before the pathway's.
  let i = 0;
  for (const start of starts) {
    arrive(start, OTHERWISE);
    for (; i < queue.length; i++) for (const [next, how] of exits(pack.nodes[queue[i]])) arrive(next, how);
  }

  /** The ways into a node, with each set or jump node replaced by the ways into it (content has no cycles; `seen` guards anyway). */
  const waysIn = (id: string, seen: Set<string>): Arrival[] =>
    (arrivals.get(id) ?? []).flatMap((how) => (how.kind !== 'via' ? [how] : seen.has(how.node) ? [OTHERWISE] : waysIn(how.node, new Set([...seen, how.node]))));

  const decidedBy = new Map<string, ChosenOption[]>();
  const questions: QuestionNode[] = [];
  for (const id of queue) {
    const node = pack.nodes[id];
    if (node.type !== 'question') continue;
    questions.push(node);
    const ways = waysIn(id, new Set([id]));
    const chosen = ways.filter((w): w is Arrival & { kind: 'option' } => w.kind === 'option');
    if (chosen.length && chosen.length === ways.length) decidedBy.set(id, chosen.map(({ from, option }) => ({ from, option })));
  }
  return { questions, decidedBy };
}

/** A node's ways on. A chosen option's own next wins over the routes (engine.ts, applyAnswer): that answer alone decides. */
function exits(node: CompiledNode): [string | undefined, Arrival][] {
  switch (node.type) {
    case 'question':
      return [
        ...(node.options ?? []).map((option): [string | undefined, Arrival] => [option.next, { kind: 'option', from: node, option }]),
        ...node.routes.map((r): [string | undefined, Arrival] => [r.next, OTHERWISE]),
        [node.next, OTHERWISE],
      ];
    case 'branch':
      return [...node.routes.map((r): [string | undefined, Arrival] => [r.next, OTHERWISE]), [node.next, OTHERWISE]];
    case 'set':
    case 'jump':
      return [[node.next, { kind: 'via', node: node.id }]];
    default:
      return [];
  }
}

function item(node: QuestionNode, decidedBy: ChosenOption[] | undefined): QuestionnaireItem {
  const extension: Extension[] = [];
  const base: QuestionnaireItem = { linkId: node.id, text: node.text, type: 'string' };
  if (node.kind === 'yes-no' || node.kind === 'single' || node.kind === 'multiple') {
    base.type = 'choice';
    if (node.kind === 'multiple') base.repeats = true;
    base.answerOption = (node.options ?? []).map((o): QuestionnaireItemAnswerOption => ({
      valueCoding: optionCoding(node, o),
      ...(o.exclusive ? { extension: [{ url: EXT.optionExclusive, valueBoolean: true }] } : {}),
    }));
  } else if (node.kind === 'number') {
    // Decimal even when only whole numbers are taken: the answers sent (valueDecimal) do not say which.
    base.type = 'decimal';
    if (node.unit) extension.push({ url: EXT.unit, valueCoding: { display: node.unit } });
    extension.push(...limits(node));
  } else if (node.kind === 'duration') {
    // Answered in hours, days or weeks; held (and sent) in hours.
    base.type = 'decimal';
    extension.push({ url: EXT.unit, valueCoding: { system: SYSTEMS.ucum, code: 'h', display: 'hours' } });
    extension.push(...limits(node));
  } else if (node.kind === 'date') {
    base.type = 'date';
  }
  if (decidedBy?.length) {
    base.enableWhen = decidedBy.map(({ from, option }): QuestionnaireItemEnableWhen => ({ question: from.id, operator: '=', answerCoding: optionCoding(from, option) }));
    if (decidedBy.length > 1) base.enableBehavior = 'any';
  }
  return { ...base, ...(extension.length ? { extension } : {}) };
}

function optionCoding(node: QuestionNode, option: CompiledOption): Coding {
  return { system: answerOptionSystem(node.id), code: option.id, display: option.label };
}

function limits(node: QuestionNode): Extension[] {
  return [...(node.min !== undefined ? [{ url: EXT.minValue, valueDecimal: node.min }] : []), ...(node.max !== undefined ? [{ url: EXT.maxValue, valueDecimal: node.max }] : [])];
}
