/**
 * Lay words for the pathway finder (search.ts): each word or phrase on the left is read as the
 * words on the right, both in a pathway's keywords and in what a person types, so "tummy", "belly"
 * and "stomach" meet, and "earache" meets "ear ache" and "ear pain". Data only: add a pair here
 * rather than a keyword to every pathway. Keep the right-hand side in plain words (they are
 * stemmed afterwards), and keep it small: a synonym that is not a synonym offers wrong pathways.
 */
export const LAY_PHRASES: Record<string, string> = {
  'throwing up': 'vomit',
  'threw up': 'vomit',
  'being sick': 'vomit',
  'been sick': 'vomit',
  'keeps being sick': 'vomit',
  'feeling sick': 'nausea',
  'feel sick': 'nausea',
  'the runs': 'diarrhoea',
  'short of breath': 'breathless',
  'out of breath': 'breathless',
  'shortness of breath': 'breathless',
  'cant breathe': 'breathless',
  'cannot breathe': 'breathless',
  'struggling to breathe': 'breathless',
  'passed out': 'faint',
  'blacked out': 'faint',
  'high temp': 'temperature',
  'hot to touch': 'temperature',
  'morning after pill': 'emergency contraception',
  'water infection': 'urine infection',
  'waters broke': 'waters broken',
  'heart attack': 'heart attack chest',
  'burning up': 'fever',
  'epi pen': 'epipen',
};

export const LAY_WORDS: Record<string, string> = {
  tummy: 'stomach',
  belly: 'stomach',
  tum: 'stomach',
  abdomen: 'stomach',
  abdominal: 'stomach',
  stomachache: 'stomach pain',
  tummyache: 'stomach pain',
  bellyache: 'stomach pain',
  earache: 'earache ear pain',
  toothache: 'toothache tooth pain',
  headache: 'headache head pain',
  headaches: 'headache head pain',
  backache: 'backache back pain',
  ache: 'pain',
  aches: 'pain',
  aching: 'pain',
  achy: 'pain',
  hurts: 'pain',
  hurting: 'pain',
  sore: 'pain',
  painful: 'pain',
  teeth: 'tooth',
  poo: 'stool',
  poos: 'stool',
  pooing: 'stool',
  poop: 'stool',
  faeces: 'stool',
  stools: 'stool',
  wee: 'urine',
  weeing: 'urine',
  wees: 'urine',
  pee: 'urine',
  peeing: 'urine',
  urinate: 'urine',
  urinating: 'urine',
  urination: 'urine',
  urinary: 'urine',
  sick: 'vomit',
  puke: 'vomit',
  puking: 'vomit',
  spewing: 'vomit',
  vomitting: 'vomit',
  nauseous: 'nausea',
  queasy: 'nausea',
  temp: 'temperature',
  feverish: 'fever',
  itchy: 'itch',
  itching: 'itch',
  swollen: 'swell',
  puffy: 'swell',
  breathing: 'breath',
  breathe: 'breath',
  breathless: 'breathless',
  wheezy: 'wheeze',
  wheezing: 'wheeze',
  dizzy: 'dizzy',
  lightheaded: 'dizzy',
  woozy: 'dizzy',
  fainted: 'faint',
  fainting: 'faint',
  diarrhea: 'diarrhoea',
  pregnant: 'pregnancy',
  preggers: 'pregnancy',
  meds: 'medicine',
  medication: 'medicine',
  medicines: 'medicine',
  pills: 'tablets',
  scalded: 'scald',
  burnt: 'burn',
  snot: 'mucus',
  snotty: 'mucus',
  bleed: 'bleeding',
  bled: 'bleeding',
  bloody: 'blood',
  nosebleed: 'nose bleeding',
  nosebleeds: 'nose bleeding',
  broke: 'broken',
  busted: 'broken',
  cuts: 'cut',
};

/**
 * Words that say nothing about which pathway fits: grammar, and words for the patient (the
 * patient's age and sex choose among pathways, not the word "baby" or "child").
 */
export const FINDER_STOP_WORDS = new Set(
  (
    'a about after again all also am an and any are as at be been being bit but by can cant could did do does doing dont for from get gets getting got ' +
    'had has have having he her hers him his how i ive im in into is it its just keep keeps kind last like lot lots me mine more my myself ' +
    'no not now of off on or our out over really she since so some still that the their them they this to too very was wasnt we were what when ' +
    'which while who will with wont would you your yours feel feeling feels felt think thing things today yesterday night day days week weeks hours ' +
    'since ago bad badly quite little lot much problem problems issue issues help need needs seems seem started start getting cannot up high ' +
    'baby babies babys child childs children kid kids son sons daughter daughters toddler toddlers infant infants newborn adult adults man woman ' +
    'boy girl husband wife partner mum mom dad mother father grandad grandma nan elderly old year years month months aged age'
  ).split(' '),
);
