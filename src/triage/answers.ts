/**
 * Checking an answer against its question, and saying it back in plain words.
 * Shared by the engine (live answers) and the compiler (scenario tests).
 */
import { TriageError } from './errors';
import type { AnswerValue, QuestionNode } from './model';
import { addDays, dayNumber } from './dates';
import { describeHours, hoursOf } from './durations';

const DEFAULT_EARLIEST_DAYS_AGO = 366;

/** Returns the answer in canonical form ('yes'/'no', number, ISO date, option ids) or throws a 400. */
export function normaliseAnswer(node: QuestionNode, value: unknown, today: string): AnswerValue {
  switch (node.kind) {
    case 'yes-no':
      return normaliseYesNo(node, value);
    case 'single':
      return normaliseSingle(node, value);
    case 'multiple':
      return normaliseMultiple(node, value);
    case 'number':
      return normaliseNumber(node, value);
    case 'duration':
      return normaliseDuration(node, value);
    case 'date':
      return normaliseDate(node, value, today);
  }
}

function invalid(node: QuestionNode, message: string, code = 'invalid-answer'): TriageError {
  return new TriageError(code, 400, `${message} (question '${node.id}': "${node.text}")`, 'value');
}

function optionIds(node: QuestionNode): string[] {
  return (node.options ?? []).map((o) => o.id);
}

function normaliseYesNo(node: QuestionNode, value: unknown): AnswerValue {
  if (value === true || value === 'yes') return 'yes';
  if (value === false || value === 'no') return 'no';
  throw invalid(node, `The answer must be 'yes' or 'no', not ${JSON.stringify(value)}`);
}

function normaliseSingle(node: QuestionNode, value: unknown): AnswerValue {
  if (typeof value === 'string' && optionIds(node).includes(value)) return value;
  throw invalid(node, `The answer must be one of: ${optionIds(node).join(', ')}; got ${JSON.stringify(value)}`);
}

function normaliseMultiple(node: QuestionNode, value: unknown): AnswerValue {
  const ids = optionIds(node);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw invalid(node, `The answer must be a list of options from: ${ids.join(', ')}`);
  }
  const unknown = value.filter((v) => !ids.includes(v));
  if (unknown.length) throw invalid(node, `Not options of this question: ${unknown.join(', ')}; choose from ${ids.join(', ')}`);
  if (new Set(value).size !== value.length) throw invalid(node, 'An option was chosen twice');
  const min = node.minSelected ?? 1;
  if (value.length < min) throw invalid(node, `Choose at least ${min} option${min === 1 ? '' : 's'}`);
  const exclusive = (node.options ?? []).filter((o) => o.exclusive && value.includes(o.id));
  if (exclusive.length && value.length > 1) throw invalid(node, `'${exclusive[0].label}' cannot be combined with other options`);
  return [...value];
}

function normaliseNumber(node: QuestionNode, value: unknown): AnswerValue {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(node, `The answer must be a number in ${node.unit}`);
  if (node.integer && !Number.isInteger(n)) throw invalid(node, `The answer must be a whole number of ${node.unit}`);
  if (n < (node.min ?? -Infinity) || n > (node.max ?? Infinity)) {
    throw invalid(node, `${n} ${node.unit} is out of range: give a value from ${node.min} to ${node.max} ${node.unit}`, 'answer-out-of-range');
  }
  return n;
}

/** Hours, from a number of hours or words such as "3 days"; within the question's limits. */
function normaliseDuration(node: QuestionNode, value: unknown): AnswerValue {
  const hours = hoursOf(value);
  if (hours === null || hours < 0) throw invalid(node, `The answer must be a length of time in hours (a number), or words such as "3 days"; got ${JSON.stringify(value)}`);
  if (hours < (node.min ?? 0) || hours > (node.max ?? Infinity)) {
    throw invalid(node, `${describeHours(hours)} is out of range: give from ${describeHours(node.min ?? 0)} to ${describeHours(node.max ?? 0)}`, 'answer-out-of-range');
  }
  return hours;
}

export function dateRange(node: QuestionNode, today: string): { earliest: string; latest: string } {
  return { earliest: addDays(today, -(node.earliestDaysAgo ?? DEFAULT_EARLIEST_DAYS_AGO)), latest: addDays(today, node.latestDaysAhead ?? 0) };
}

function normaliseDate(node: QuestionNode, value: unknown, today: string): AnswerValue {
  const day = typeof value === 'string' ? dayNumber(value) : null;
  if (day === null) throw invalid(node, `The answer must be a real date written YYYY-MM-DD, not ${JSON.stringify(value)}`);
  const { earliest, latest } = dateRange(node, today);
  if (day < (dayNumber(earliest) ?? 0) || day > (dayNumber(latest) ?? 0)) {
    throw invalid(node, `${value} is out of range: give a date from ${earliest} to ${latest}`, 'answer-out-of-range');
  }
  return value as string;
}

/** The answer as a person would say it: option labels, number with unit, the date. */
export function answerLabel(node: QuestionNode, value: AnswerValue): string {
  if (node.kind === 'number') return `${value} ${node.unit}`;
  if (node.kind === 'duration') return describeHours(Number(value));
  if (node.kind === 'date') return String(value);
  const labelOf = (id: string) => node.options?.find((o) => o.id === id)?.label ?? id;
  return Array.isArray(value) ? value.map(labelOf).join('; ') : labelOf(String(value));
}
