/**
 * Who is answering: second-person questions and first-person options read in the third person
 * when someone answers for the patient — checked on real questions of the shipped pack.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { forSomeoneElse } from './answerer';
import { compilePack, loadPackFromDir } from './compiler';
import { answer, currentQuestion, startSession } from './engine';
import type { QuestionNode } from './model';
import { catalogue } from './test-fixtures';

const { pack } = compilePack(loadPackFromDir(fileURLToPath(new URL('../../content/national', import.meta.url))), catalogue());
const question = (id: string) => pack.nodes[id] as QuestionNode;
const label = (id: string, option: string) => question(id).options!.find((o) => o.id === option)!.label;

describe('questions for someone else', () => {
  it('turns "you" and "your" into "they" and "their" in real questions', () => {
    expect(forSomeoneElse(question('cough/blood').text)).toBe('Are they coughing up blood?');
    expect(forSomeoneElse(question('mental-health-crisis/safe').text)).toBe('Do they feel safe where they are right now?');
    expect(forSomeoneElse('Do you have a high temperature, or feel hot and shivery?')).toBe('Do they have a high temperature, or feel hot and shivery?');
    expect(forSomeoneElse('Is your face or gum swollen?')).toBe('Is their face or gum swollen?');
    expect(forSomeoneElse('Have you hurt yourself or taken an overdose?')).toBe('Have they hurt themselves or taken an overdose?');
    expect(forSomeoneElse("Since you've been ill, are you drinking less?")).toBe('Since they’ve been ill, are they drinking less?');
  });

  it('uses "them" where "you" is the object', () => {
    expect(forSomeoneElse('Has a doctor told you to watch for this?')).toBe('Has a doctor told them to watch for this?');
    expect(forSomeoneElse('Is anyone with you?')).toBe('Is anyone with them?');
  });

  it('turns first-person option labels into the third person', () => {
    expect(forSomeoneElse(label('abdominal-pain/how-bad', 'severe'))).toMatch(/^So bad they cannot stand still, or it stops them moving/);
    expect(forSomeoneElse('I cannot stand up')).toBe('They cannot stand up');
    expect(forSomeoneElse("I'm fine but my arm hurts")).toBe('They’re fine but their arm hurts');
    expect(forSomeoneElse('I am worried, I was sick twice')).toBe('They are worried, they were sick twice');
    expect(forSomeoneElse('It woke me up')).toBe('It woke them up');
  });

  it('leaves a text written for a carer as it is', () => {
    expect(forSomeoneElse('Is your child floppy, unusually sleepy, or hard to wake?')).toBe('Is your child floppy, unusually sleepy, or hard to wake?');
    expect(forSomeoneElse('Is the person unconscious, or can you not wake them?')).toBe('Is the person unconscious, or can you not wake them?');
  });

  it('the session asks in the third person when someone else answers, and in the second otherwise', () => {
    const other = startSession(pack, { ageYears: 70, sex: 'male', today: '2025-01-15', entry: { pathwayId: 'cough' }, answerer: 'other' });
    const self = startSession(pack, { ageYears: 70, sex: 'male', today: '2025-01-15', entry: { pathwayId: 'cough' } });
    // The emergency screen already speaks about "the person" to whoever calls.
    expect(currentQuestion(pack, other)!.text).toBe(currentQuestion(pack, self)!.text);
    let state = other;
    while (state.current?.startsWith('emergency/')) state = answer(pack, state, state.current, 'no');
    const asked = currentQuestion(pack, state)!;
    expect(asked.text).not.toMatch(/\byou(r)?\b/i);
    expect(asked.text).toBe(forSomeoneElse(question(asked.nodeId).text));
  });
});
