/**
 * Who is answering: the patient ('self') or someone for them ('other': a parent, carer, friend).
 * Content asks in the second person ("Do you have…") with options in the first ("I cannot stand");
 * for someone else both read in the third ("Do they have…", "They cannot stand").
 *
 * A rewrite of plain English by rule, not a grammar: it relies on content keeping to the style in
 * content-plan.md. A text already written for a carer ("Is your child floppy?") is left as it is.
 */
import type { QuestionView } from './engine';
import type { Answerer } from './model';

/** Words after which "you" is the subject of a question ("Do you", "Have you"). */
const AUXILIARIES = new Set('am are is was were do does did have has had can could will would shall should may might must'.split(' '));
/** Words after "you" that show it is an object ("tell you to", "near you and"). */
const AFTER_OBJECT = new Set('a an the to for with at in on of up down out off about from by into when if and or but as than that so this these those'.split(' '));
/** Texts written to a carer already: about "your child" or "the person". */
const ADDRESSED_TO_CARER = /\byour (baby|babies|child|children|toddler|son|daughter|little one)\b|\bthe person\b/i;

/** Second-person words with one reading, whole words, case-insensitive; the first letter's case is kept. */
const SECOND_PERSON: [RegExp, string][] = [
  [/\byourselves\b/gi, 'themselves'],
  [/\byourself\b/gi, 'themselves'],
  [/\byou['’]re\b/gi, 'they’re'],
  [/\byou['’]ve\b/gi, 'they’ve'],
  [/\byou['’]d\b/gi, 'they’d'],
  [/\byou['’]ll\b/gi, 'they’ll'],
  [/\byours\b/gi, 'theirs'],
  [/\byour\b/gi, 'their'],
];
/** First-person words; "I" is always a capital, so these are written lower case and sentences capitalised after. */
const FIRST_PERSON_I: [RegExp, string][] = [
  [/\bI['’]m\b/g, 'they’re'],
  [/\bI['’]ve\b/g, 'they’ve'],
  [/\bI['’]d\b/g, 'they’d'],
  [/\bI['’]ll\b/g, 'they’ll'],
  [/\bI am\b/g, 'they are'],
  [/\bI was\b/g, 'they were'],
  [/\bI\b/g, 'they'],
];
const FIRST_PERSON: [RegExp, string][] = [
  [/\bmyself\b/gi, 'themselves'],
  [/\bmine\b/gi, 'theirs'],
  [/\bmy\b/gi, 'their'],
  [/\bme\b/gi, 'them'],
];

function keepCase(original: string, replacement: string): string {
  return original[0] === original[0].toUpperCase() && original[0] !== original[0].toLowerCase() ? replacement[0].toUpperCase() + replacement.slice(1) : replacement;
}

/** "you" as "they" (subject) or "them" (object), from the words either side. */
function replaceYou(text: string): string {
  return text.replace(/\byou\b/gi, (match, offset: number) => {
    const before = /([A-Za-z’']+)[^A-Za-z’']*$/.exec(text.slice(0, offset))?.[1]?.toLowerCase();
    const afterText = text.slice(offset + match.length);
    const after = /^\s+([A-Za-z’']+)/.exec(afterText)?.[1]?.toLowerCase();
    const subject = (before !== undefined && AUXILIARIES.has(before)) || (after !== undefined && !AFTER_OBJECT.has(after));
    return keepCase(match, subject ? 'they' : 'them');
  });
}

/** Capitals where a replacement starts a sentence ("they cannot" → "They cannot"). */
function capitaliseSentences(text: string): string {
  return text.replace(/(^\s*|[.?!]\s+)([a-z])/g, (_m, lead: string, letter: string) => lead + letter.toUpperCase());
}

/** A question's text or an option's label, as read to someone answering for the patient. */
export function forSomeoneElse(text: string): string {
  if (ADDRESSED_TO_CARER.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of SECOND_PERSON) out = out.replace(pattern, (m) => keepCase(m, replacement));
  out = replaceYou(out);
  for (const [pattern, replacement] of FIRST_PERSON_I) out = out.replace(pattern, replacement);
  for (const [pattern, replacement] of FIRST_PERSON) out = out.replace(pattern, (m) => keepCase(m, replacement));
  return capitaliseSentences(out);
}

/** The question as the answerer reads it. */
export function questionFor(view: QuestionView, answerer: Answerer | undefined): QuestionView {
  if (answerer !== 'other') return view;
  const rewritten: QuestionView = { ...view, text: forSomeoneElse(view.text) };
  if (view.help) rewritten.help = forSomeoneElse(view.help);
  if (view.options) rewritten.options = view.options.map((o) => ({ ...o, label: forSomeoneElse(o.label) }));
  return rewritten;
}
