/**
 * Clinical coverage for demo services, generated systematically rather than typed out per service:
 *
 * 1. `PRESENTATIONS` lists, for each symptom group of the shipped demo catalogue, the discriminators
 *    a triage outcome for that presentation can carry, each with an acuity level:
 *      E emergency (ED / ambulance), U urgent (UTC, OOH, same day), P primary care, M minor (self-care,
 *      pharmacy). Every clinical group also takes the two national discriminators 4052 ("needs a full
 *      emergency department assessment", treated as E) and 4003 ("needs a full primary care
 *      assessment", treated as P) where a kind asks for them.
 * 2. `KINDS` says, for each kind of service, which dispositions it accepts and which SG/SD pairs:
 *    a set of symptom groups × the levels appropriate to it, or an explicit list for narrow services.
 *
 * So a triage outcome (disposition + SG + SD) for a common presentation finds the services a
 * clinician would expect. All codes must exist in the catalogue: `coverageFor` checks and throws.
 */
import { yearsToDays } from '../directory/age';
import type { Catalogue } from '../directory/catalogue';
import type { ReferralRole } from '../directory/model';

export type Level = 'E' | 'U' | 'P' | 'M';
export interface Pair {
  sg: number;
  sd: string;
}
export interface Coverage {
  dispositions: string[];
  symptoms: Pair[];
}

/** Pseudo symptom group for specially commissioned services (Z-code discriminators). */
export const SG_SPECIAL = 360;
export const SG_CATHETER = 11005;
export const SD_BLOCKED_CATHETER = '14090';
export const SD_CATHETER_OUT = '14091';
export const SD_CATHETER_LEAKING = '14092';
export const SD_CATHETER_INFECTION = '14093';

export const PRESENTATIONS: Readonly<Record<number, Readonly<Record<string, Level>>>> = {
  1011: { '14000': 'E', '14001': 'E', '14002': 'U', '14003': 'P', '14004': 'U' }, // chest pain
  11000: { '14010': 'E', '14011': 'E', '14012': 'U', '14013': 'P', '14014': 'E' }, // breathing problems
  1004: { '14020': 'E', '14021': 'E', '14022': 'U', '14023': 'U', '14024': 'M', '14223': 'E' }, // abdominal pain
  1112: { '14030': 'E', '14031': 'E', '14032': 'E', '14033': 'M', '14224': 'E' }, // headache
  11001: { '14040': 'E', '14041': 'U', '14042': 'M', '14043': 'U' }, // back pain
  11002: { '14050': 'E', '14051': 'U', '14052': 'E', '14053': 'U', '14054': 'P' }, // fever in a child
  1152: { '14050': 'E', '14060': 'E', '14061': 'U', '14062': 'M' }, // rash
  11003: { '14021': 'E', '14070': 'U', '14071': 'U', '14072': 'U', '14073': 'M' }, // diarrhoea and vomiting
  11004: { '14080': 'P', '14081': 'U', '14082': 'U', '14083': 'P' }, // urinary symptoms
  11005: { '14090': 'U', '14091': 'U', '14092': 'P', '14093': 'U' }, // urinary catheter problems
  1169: { '14100': 'U', '14101': 'E', '14104': 'P', '14105': 'M', '15002': 'U' }, // toothache
  1051: { '14102': 'U' }, // dental bleeding
  11006: { '14103': 'U', '14104': 'P', '15003': 'U' }, // dental injury
  1073: { '14110': 'E', '14111': 'E', '14112': 'U', '14113': 'M' }, // red eye
  11007: { '14110': 'E', '14111': 'E', '14112': 'U', '14113': 'M', '14114': 'U' }, // other eye problems
  1092: { '14114': 'U', '14290': 'E', '14291': 'P' }, // foreign body
  1186: { '14120': 'E', '14121': 'U', '14122': 'E', '14123': 'E', '14124': 'P' }, // mental health
  11008: { '14130': 'U', '14131': 'E', '14132': 'P' }, // falls
  11009: { '14140': 'E', '14141': 'E', '14142': 'E', '14143': 'M' }, // head injury
  11010: { '14150': 'E', '14151': 'U', '14152': 'U', '14153': 'P', '14154': 'M' }, // wounds
  11011: { '14160': 'E', '14161': 'U', '14162': 'U', '14163': 'M' }, // burns and scalds
  11012: { '14170': 'E', '14171': 'U', '14172': 'M' }, // allergic reaction
  1137: { '14180': 'E', '14181': 'U', '14182': 'P' }, // palpitations
  11013: { '14190': 'E', '14191': 'U', '14192': 'M' }, // sore throat
  11014: { '14200': 'U', '14201': 'U', '14202': 'P', '14203': 'M', '14051': 'E', '16400': 'E', '16401': 'U', '16402': 'U', '16403': 'U' }, // cough (and its wave-2 safety questions)
  11015: { '14210': 'U', '14211': 'P', '14212': 'M' }, // earache
  11016: { '14220': 'E', '14221': 'U', '14222': 'U', '14223': 'E', '14224': 'E', '14225': 'U' }, // pregnancy
  1192: { '14230': 'P', '14231': 'U', '14232': 'P' }, // repeat prescription
  11017: { '14240': 'U', '14241': 'U', '14242': 'U', '14243': 'P' }, // palliative care needs
  11018: { '14250': 'E', '14251': 'U', '14252': 'M', '15000': 'E', '15001': 'E' }, // dizziness and fainting (and the emergency screen)
  11019: { '14260': 'E', '14261': 'E', '14262': 'P' }, // poisoning or overdose
  11020: { '14270': 'U', '14271': 'M' }, // limb injury
  1146: { '14280': 'U', '14281': 'M', '14282': 'P' }, // sexual concerns

  // content group 1 (wave 2): its symptom groups and discriminators
  // (keep this block's entries here)
  11100: { '16100': 'E', '16102': 'E', '16103': 'U', '16104': 'U', '16105': 'U', '16106': 'U', '16107': 'M' }, // feeling unwell or feverish (adult)
  11101: { '16100': 'E', '16101': 'U' }, // possible sepsis
  11102: { '16108': 'U', '16109': 'P', '16110': 'M', '16111': 'U' }, // cold or flu-like illness
  11103: { '16112': 'E', '16113': 'P', '16114': 'M', '16115': 'U', '16116': 'U' }, // blocked or runny nose, sinus pain
  11104: { '16117': 'E', '16118': 'E', '16119': 'U', '16120': 'P', '16121': 'M' }, // nosebleed
  11105: { '16122': 'P', '16123': 'U', '16124': 'U', '16125': 'P', '16126': 'M' }, // mouth ulcers and gum problems
  11106: { '16127': 'U', '16128': 'U', '16129': 'U', '16130': 'P', '16131': 'M' }, // asthma and wheeze
  11107: { '16132': 'E', '16133': 'E', '16134': 'U', '16135': 'P' }, // new confusion
  11108: { '16136': 'E', '16137': 'E', '16138': 'U', '16139': 'P', '16140': 'M' }, // possible stroke or TIA
  11109: { '16141': 'E', '16142': 'E', '16143': 'E', '16144': 'P', '16145': 'U', '16146': 'M', '16147': 'U' }, // fits and seizures
  11110: { '16148': 'E', '16149': 'E', '16150': 'E', '16151': 'U', '16152': 'P', '16153': 'M' }, // neck pain
  11111: { '16154': 'P', '16155': 'P', '16156': 'M' }, // hay fever
  11112: { '16157': 'U', '16158': 'P', '16159': 'P', '16160': 'M' }, // hearing loss and tinnitus

  // content group 2 (wave 2): its symptom groups and discriminators
  // (keep this block's entries here)
  11200: { '16200': 'E', '16201': 'P', '16202': 'M', '16203': 'P' }, // constipation
  11201: { '14021': 'E', '16205': 'P' }, // vomiting blood
  11202: { '14022': 'E', '16206': 'E', '14071': 'U', '16207': 'P', '16208': 'M' }, // blood in the poo
  11203: { '16210': 'P', '16211': 'M', '16212': 'P' }, // indigestion and heartburn
  11204: { '16215': 'E', '16216': 'U', '16217': 'P', '16218': 'M' }, // testicle pain or swelling
  11205: { '16220': 'U', '16221': 'M', '16222': 'P', '16229': 'E' }, // vaginal discharge or itching
  11206: { '16225': 'E', '16226': 'P', '16227': 'P', '16228': 'P', '16229': 'E', '16220': 'U' }, // vaginal bleeding (not pregnant)
  11207: { '16230': 'E', '16231': 'U', '16232': 'P' }, // genital sores, blisters or lumps
  11208: { '16235': 'P', '16236': 'P', '16237': 'M' }, // contraception problems
  11209: { '14021': 'E', '16240': 'U', '16241': 'U', '16242': 'M' }, // sickness in pregnancy
  11210: { '14290': 'E', '16245': 'E', '16246': 'E', '16247': 'M' }, // swallowed object
  11211: { '16250': 'U', '16251': 'U', '16252': 'M', '16253': 'M' }, // pain or itching around the bottom
  11212: { '16255': 'E', '16256': 'U', '16257': 'P' }, // lump in the groin
  11213: { '16229': 'E', '16220': 'U', '16260': 'P', '16261': 'M' }, // period pain

  // content group 3 (wave 2): its symptom groups and discriminators
  // (keep this block's entries here)
  11300: { '16300': 'U', '16301': 'E', '16302': 'E', '16303': 'U', '16304': 'P', '14061': 'U', '16399': 'E' }, // leg pain or swelling
  11301: { '16310': 'E', '14051': 'U', '14061': 'U', '16311': 'P', '16312': 'M', '16399': 'E' }, // skin redness and swelling
  11302: { '16320': 'E', '16321': 'U', '16322': 'U', '16323': 'P', '16324': 'M' }, // itch and eczema
  11303: { '14170': 'E', '14171': 'E', '16330': 'E', '16331': 'U', '16332': 'U', '16333': 'U', '16334': 'M', '16399': 'E' }, // insect bites and stings
  11304: { '16340': 'E', '16341': 'U', '14153': 'U', '14152': 'U', '16342': 'M', '16399': 'E' }, // animal or human bites
  11305: { '14050': 'E', '14051': 'U', '16350': 'E', '16351': 'U', '16352': 'U', '16353': 'U', '16354': 'M', '16399': 'E' }, // rash in a baby or child
  11306: { '14170': 'E', '14171': 'E', '14060': 'E', '16360': 'U', '16361': 'U', '16362': 'P', '16363': 'M' }, // hives
  11307: { '16370': 'E', '16371': 'E', '16372': 'E', '16373': 'E', '16374': 'E', '16375': 'U', '16376': 'U', '16377': 'P', '16378': 'M' }, // alcohol and drugs
  11308: { '16380': 'E', '16381': 'E', '16382': 'U', '16383': 'U', '16384': 'U', '16379': 'M' }, // high blood sugar
  11309: { '16385': 'E', '16386': 'U', '16387': 'E', '16388': 'P', '16389': 'M' }, // low blood sugar
  11310: { '16390': 'E', '16391': 'U', '16392': 'U', '16393': 'M', '16394': 'U' }, // missed or extra dose of medicine
  11311: { '16399': 'E', '14050': 'E', '16305': 'E', '14051': 'U', '16306': 'E', '16307': 'U', '16308': 'U', '16309': 'M' }, // crying baby
  11312: { '16399': 'E', '16313': 'E', '14021': 'E', '14051': 'U', '16314': 'U', '16315': 'U', '16316': 'U', '16317': 'M' }, // feeding problems in a baby
  11313: { '16325': 'E', '16326': 'E', '14051': 'U', '16327': 'U', '16328': 'U', '16329': 'P' }, // jaundice in a baby
  11314: { '16335': 'E', '16336': 'U', '16337': 'U', '16338': 'M' }, // sunburn and heat illness
  11315: { '16399': 'E', '16343': 'E', '16344': 'U', '16345': 'U', '16346': 'U', '16347': 'U', '16348': 'M' }, // shingles

  // content group 4 (wave 2): its symptom groups and discriminators
  // (keep this block's entries here)
};

/**
 * Discriminators the triage content appends to the catalogue (data/reference/symptom-groups.yaml,
 * "appended by triage content"). Used when the catalogue has them, left out when it does not; every
 * other code in this file is required.
 */
export const OPTIONAL_DISCRIMINATORS: ReadonlySet<string> = new Set(['15000', '15001', '15002', '15003']);

/** Every clinical symptom group (all but the pseudo group 360). */
export const CLINICAL_GROUPS: readonly number[] = Object.keys(PRESENTATIONS).map(Number);

const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(2, '0')}`);
const DX = {
  ed: ['Dx02', 'Dx03', 'Dx89', 'Dx92', 'Dx94'],
  contactPrimary: range('Dx', 5, 8), // Dx05–Dx08
  speakPrimary: range('Dx', 11, 15), // Dx11–Dx15
  ownGp: ['Dx09', 'Dx10', 'Dx16', 'Dx75', 'Dx115'],
  repeatPrescription: ['Dx80', 'Dx85', 'Dx86', 'Dx87'],
  dental: [...range('Dx', 17, 22), 'Dx118'],
  callback: ['Dx32', 'Dx34', 'Dx35', 'Dx325', 'Dx327', 'Dx330'],
  validation: ['Dx333', 'Dx334', 'Dx337', 'Dx338'],
  ambulance: ['Dx01010', 'Dx011', 'Dx0111', 'Dx0112', 'Dx0113', 'Dx0114', 'Dx0115', 'Dx0116', 'Dx0117', 'Dx0118', 'Dx01120', 'Dx01121', 'Dx01125', 'Dx012', 'Dx0121', 'Dx0122', 'Dx0124', 'Dx0126', 'Dx0127', 'Dx01213', 'Dx013', 'Dx016'],
};

interface GroupRule {
  /** symptom groups, or 'all' clinical groups */
  groups: readonly number[] | 'all';
  exceptGroups?: readonly number[];
  levels: readonly Level[];
  /** national discriminators to add for each of these groups */
  generic?: readonly ('4052' | '4003')[];
  exceptDiscriminators?: readonly string[];
}

export interface KindSpec {
  typeId: number;
  dispositions: readonly string[];
  rules?: readonly GroupRule[];
  /** explicit pairs: [sg, [sd, …]] */
  pairs?: readonly (readonly [number, readonly string[]])[];
  referralRoles: readonly ReferralRole[];
  access: { walkIn: boolean; phoneFirst: boolean; referralOnly: boolean; bookingRequired: boolean; instructions?: string };
}

const ALL_ROLES: readonly ReferralRole[] = ['call-handler', 'clinician', 'provider', 'patient'];
const PROFESSIONALS: readonly ReferralRole[] = ['clinician', 'provider'];
const WALK_IN = { walkIn: true, phoneFirst: false, referralOnly: false, bookingRequired: false };
const PHONE_FIRST = { walkIn: false, phoneFirst: true, referralOnly: false, bookingRequired: false };
const REFERRAL_ONLY = { walkIn: false, phoneFirst: false, referralOnly: true, bookingRequired: false };
const BOOKING = { walkIn: false, phoneFirst: false, referralOnly: false, bookingRequired: true };

const INJURY_GROUPS = [1092, 11009, 11010, 11011, 11020, 11012, 11007];
const CHILD_GROUPS = [11002, 11000, 11003, 1152, 1004, 11014, 11013, 11015, 11012];
const SDEC_GROUPS = [1004, 1011, 11000, 1112, 1137, 11018, 1152, 11004, 11003, 11014, 11001];
const DENTAL_GROUPS = [1169, 1051, 11006];
const EYE_GROUPS = [1073, 11007];

/** The kinds of service the demo data uses, each with its service type, coverage, access and referral roles. */
export const KINDS = {
  ed: {
    typeId: 105,
    dispositions: DX.ed,
    rules: [{ groups: 'all', exceptGroups: [1192], levels: ['E', 'U', 'P'], generic: ['4052'] }],
    referralRoles: ALL_ROLES,
    access: { ...WALK_IN, instructions: 'Open 24 hours. Ambulances and walk-in patients; bring a list of your medicines.' },
  },
  utc: {
    typeId: 135,
    dispositions: ['Dx03', 'Dx89', ...DX.contactPrimary],
    rules: [{ groups: 'all', exceptGroups: [1186, 11016, 11017, 1192, 1146], levels: ['U', 'P', 'M'], generic: ['4003'] }],
    referralRoles: ALL_ROLES,
    access: { ...WALK_IN, instructions: 'Walk in, or be booked a time slot by NHS 111.' },
  },
  miu: {
    typeId: 1002,
    dispositions: ['Dx89', ...DX.contactPrimary],
    rules: [{ groups: INJURY_GROUPS, levels: ['U', 'P', 'M'], generic: ['4003'] }],
    referralRoles: ALL_ROLES,
    access: { ...WALK_IN, instructions: 'Minor injuries only: cuts, sprains, minor burns, suspected simple fractures.' },
  },
  walkIn: {
    typeId: 1001,
    dispositions: DX.contactPrimary,
    rules: [{ groups: 'all', exceptGroups: [1186, 11016, 11017, 11005, 1192], levels: ['P', 'M'], generic: ['4003'] }],
    referralRoles: ALL_ROLES,
    access: WALK_IN,
  },
  gp: {
    typeId: 100,
    dispositions: [...DX.contactPrimary, ...DX.speakPrimary, ...DX.ownGp, ...DX.repeatPrescription],
    // Pregnancy only as a routine matter (4003): its urgent discriminators go to maternity triage.
    rules: [{ groups: 'all', levels: ['U', 'P', 'M'], generic: ['4003'], exceptDiscriminators: ['14280', '14221', '14222', '14225'] }],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: 'Registered patients: phone or use the online form from 08:00. Professionals use the bypass line.' },
  },
  gpHub: {
    typeId: 136,
    dispositions: ['Dx06', 'Dx07', 'Dx08', 'Dx09', 'Dx10', 'Dx16', 'Dx75'],
    rules: [{ groups: 'all', exceptGroups: [11016, 11017], levels: ['P', 'M'], generic: ['4003'], exceptDiscriminators: ['14280'] }],
    referralRoles: ['call-handler', 'clinician', 'provider'],
    access: { ...BOOKING, instructions: 'Pre-booked appointments only, made by the patient’s practice or NHS 111.' },
  },
  ooh: {
    typeId: 25,
    dispositions: [...DX.contactPrimary, ...DX.speakPrimary, ...DX.repeatPrescription],
    rules: [{ groups: 'all', exceptGroups: [11016], levels: ['U', 'P', 'M'], generic: ['4003'], exceptDiscriminators: ['14280'] }],
    pairs: [[SG_SPECIAL, ['Z001', 'Z004']]],
    referralRoles: ['call-handler', 'clinician', 'provider'],
    access: { ...REFERRAL_ONLY, instructions: 'By appointment through NHS 111 or the clinical assessment service only; no walk-ins.' },
  },
  cas: {
    typeId: 133,
    dispositions: [...DX.speakPrimary, ...DX.callback],
    rules: [{ groups: 'all', levels: ['E', 'U', 'P', 'M'], generic: ['4052', '4003'] }],
    pairs: [[SG_SPECIAL, ['Z001', 'Z002', 'Z003', 'Z004']]],
    referralRoles: ['call-handler', 'clinician', 'provider'],
    access: { ...REFERRAL_ONLY, instructions: 'Passed electronically from NHS 111; a clinician calls the patient back.' },
  },
  validation: {
    typeId: 139,
    dispositions: DX.validation,
    rules: [{ groups: 'all', levels: ['E', 'U'], generic: ['4052'] }],
    referralRoles: ['call-handler', 'clinician'],
    access: { ...REFERRAL_ONLY, instructions: 'Ambulance and ED outcomes are validated by a clinician call-back before they stand.' },
  },
  nhs111: {
    typeId: 130,
    dispositions: ['Dx38', 'Dx39', 'Dx46'],
    rules: [{ groups: 'all', levels: ['P', 'M'], generic: ['4003'] }],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: 'Call 111 or use 111 online; free from landlines and mobiles.' },
  },
  sdec: {
    typeId: 140,
    dispositions: ['Dx03', 'Dx89'],
    rules: [{ groups: SDEC_GROUPS, levels: ['U'], generic: ['4052'] }],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: 'Clinician-to-clinician referral: call the SDEC coordinator before sending the patient.' },
  },
  ucr: {
    typeId: 146,
    // Dx110 for falls, frailty and breathing only — NOT for urinary catheter problems (see community.ts, gap a).
    dispositions: ['Dx05', 'Dx06', 'Dx07', 'Dx110'],
    pairs: [
      [11008, ['14130', '14132', '4003']],
      [11000, ['14013', '4003']],
      [11003, ['14072', '14073']],
      [11004, ['14080']],
      [11018, ['14251', '14252']],
      [SG_SPECIAL, ['Z002', 'Z004']],
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: 'Two-hour crisis response at home for adults; clinician referral through the single point of access.' },
  },
  pharmacy: {
    typeId: 13,
    dispositions: ['Dx28', 'Dx98', ...DX.repeatPrescription],
    pairs: [
      [1192, ['14230', '14231', '14232']],
      [1146, ['14281']],
      [11004, ['14080']],
      [11013, ['14192']],
      [11015, ['14212']],
      [1152, ['14062']],
      [11014, ['14203']],
      [11003, ['14073']],
      [11012, ['14172']],
      [1073, ['14113']],
      [11010, ['14154']],
      [11011, ['14163']],
      [1112, ['14033']],
      [1169, ['14105']],
      [11001, ['14042']],
      [1004, ['14024']],
    ],
    referralRoles: ALL_ROLES,
    access: { ...WALK_IN, instructions: 'Walk in; NHS 111 referrals for Pharmacy First and emergency supplies are sent ahead electronically.' },
  },
  optician: {
    typeId: 14,
    dispositions: ['Dx60'],
    pairs: [
      [1073, ['14113']],
      [11007, ['14113', '14114', '4003']],
      [1092, ['14114']],
    ],
    referralRoles: ['call-handler', 'clinician', 'patient'],
    access: { ...PHONE_FIRST, instructions: 'Urgent eye care service: phone first for a same-day or next-day appointment.' },
  },
  eyeCasualty: {
    typeId: 1070,
    dispositions: ['Dx02', 'Dx03', 'Dx89'],
    rules: [{ groups: EYE_GROUPS, levels: ['E', 'U', 'P', 'M'], generic: ['4052'] }],
    pairs: [
      [1092, ['14114']],
      [11011, ['14162']],
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: 'Referral from a clinician, optometrist or the ED only.' },
  },
  pau: {
    typeId: 1071,
    dispositions: ['Dx02', 'Dx03', 'Dx89'],
    rules: [{ groups: CHILD_GROUPS, levels: ['E', 'U'], generic: ['4052'] }],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: 'Children referred by a GP, the CAS or the ED; call the paediatric registrar first.' },
  },
  epu: {
    typeId: 1072,
    dispositions: ['Dx03', 'Dx89'],
    pairs: [
      [11016, ['14220', '14223']],
      [1004, ['14223']],
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: 'Pregnancies under 16 weeks; referral from a GP, the CAS, a midwife or the ED.' },
  },
  maternityTriage: {
    typeId: 1040,
    dispositions: ['Dx30', 'Dx50'],
    rules: [{ groups: [11016], levels: ['E', 'U', 'P', 'M'], generic: ['4052', '4003'] }],
    pairs: [
      [1112, ['14224']],
      [1004, ['14223']],
    ],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: 'Pregnant women phone the maternity triage line before coming in.' },
  },
  midwives: {
    typeId: 1041,
    dispositions: ['Dx30'],
    pairs: [[11016, ['4003', '14221']]],
    referralRoles: ['clinician', 'provider', 'patient'],
    access: { ...PHONE_FIRST, instructions: 'Booked women phone their community midwife team; after 17:00 phone maternity triage.' },
  },
  sexualHealth: {
    typeId: 1050,
    dispositions: ['Dx31', 'Dx98'],
    pairs: [[1146, ['14281', '14282', '4003']]],
    referralRoles: ALL_ROLES,
    access: WALK_IN,
  },
  sarc: {
    typeId: 1051,
    dispositions: ['Dx94'],
    pairs: [[1146, ['14280']]],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: 'Phone the SARC crisis line; a crisis worker arranges a forensic examination if wanted.' },
  },
  edt: {
    typeId: 1060,
    dispositions: ['Dx06', 'Dx07', 'Dx08'],
    pairs: [
      [11017, ['14243']],
      [11008, ['14132']],
      [SG_SPECIAL, ['Z004']],
    ],
    referralRoles: ['call-handler', 'clinician', 'provider'],
    access: { ...PHONE_FIRST, instructions: 'Out-of-hours social care emergencies only (carer breakdown, adult or child safeguarding).' },
  },
  reablement: {
    typeId: 1061,
    dispositions: ['Dx07', 'Dx08'],
    pairs: [
      [11008, ['14132']],
      [11017, ['14243']],
      [SG_SPECIAL, ['Z004']],
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: 'Same-day care at home to avoid an admission; professional referral by phone.' },
  },
  districtNursingDay: {
    typeId: 1030,
    // Catheter problems they can manage without re-catheterising (leaking, infection); blocked or
    // dislodged catheters need the specialist catheter nurse (gap b).
    dispositions: ['Dx110', 'Dx111', 'Dx112'],
    pairs: [
      [SG_CATHETER, [SD_CATHETER_LEAKING, SD_CATHETER_INFECTION, '4003']],
      [SG_SPECIAL, ['Z002']],
      [11017, ['14241']],
      [11010, ['14153']],
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: 'Housebound patients; referral through the community single point of access.' },
  },
  districtNursingNight: {
    typeId: 1031,
    dispositions: ['Dx110', 'Dx111'],
    pairs: [
      [SG_CATHETER, [SD_CATHETER_LEAKING, SD_CATHETER_INFECTION, '4003']],
      [11017, ['14240', '14241', '14242']],
      [SG_SPECIAL, ['Z001', 'Z002']],
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: 'Night visits for patients on a community nursing caseload; phone the night coordinator.' },
  },
  catheterNurse: {
    typeId: 1032,
    dispositions: ['Dx110', 'Dx111', 'Dx112'],
    pairs: [
      [SG_CATHETER, [SD_BLOCKED_CATHETER, SD_CATHETER_OUT, SD_CATHETER_LEAKING, SD_CATHETER_INFECTION, '4003']],
      [SG_SPECIAL, ['Z002']],
    ],
    referralRoles: PROFESSIONALS,
    access: { ...REFERRAL_ONLY, instructions: 'Re-catheterisation at home; professional referral by phone.' },
  },
  palliativeLine: {
    typeId: 1033,
    dispositions: ['Dx117'],
    rules: [{ groups: [11017], levels: ['E', 'U', 'P', 'M'], generic: ['4003'] }],
    pairs: [[SG_SPECIAL, ['Z001', 'Z004']]],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: 'Patients on the palliative care register, their carers and professionals: phone any time.' },
  },
  hospice: {
    typeId: 1033,
    dispositions: ['Dx117'],
    pairs: [
      [11017, ['14240', '14242', '14243']],
      [SG_SPECIAL, ['Z001']],
    ],
    referralRoles: ['clinician', 'provider', 'patient'],
    access: { ...PHONE_FIRST, instructions: 'Advice for patients known to the hospice, their families and professionals.' },
  },
  mhCrisis: {
    typeId: 1020,
    dispositions: ['Dx92', 'Dx11', 'Dx12', 'Dx13'],
    rules: [{ groups: [1186], levels: ['E', 'U', 'P', 'M'], generic: ['4003'] }],
    pairs: [[SG_SPECIAL, ['Z003']]],
    referralRoles: ALL_ROLES,
    access: { ...PHONE_FIRST, instructions: 'Mental health crisis line: anyone may phone, any time.' },
  },
  safeHaven: {
    typeId: 1021,
    dispositions: ['Dx92'],
    pairs: [[1186, ['14121', '14124']]],
    referralRoles: ALL_ROLES,
    access: { ...WALK_IN, instructions: 'Walk in for support in a calm place; no appointment or referral needed.' },
  },
  urgentDental: {
    typeId: 1010,
    dispositions: DX.dental,
    rules: [{ groups: DENTAL_GROUPS, levels: ['U', 'P', 'M'], generic: ['4003'] }],
    referralRoles: ['call-handler', 'clinician', 'patient'],
    access: { ...PHONE_FIRST, instructions: 'Phone first: treatment is by appointment given on the phone, never walk-in.' },
  },
  dentalPractice: {
    typeId: 1011,
    dispositions: ['Dx19', 'Dx20', 'Dx21', 'Dx22'],
    rules: [{ groups: DENTAL_GROUPS, levels: ['U', 'P', 'M'], generic: ['4003'] }],
    referralRoles: ['call-handler', 'clinician', 'patient'],
    access: { walkIn: false, phoneFirst: true, referralOnly: false, bookingRequired: true, instructions: 'Phone first; urgent slots kept each morning.' },
  },
  police: {
    typeId: 1080,
    dispositions: ['Dx49'],
    pairs: [
      [1186, ['14120', '14123']],
      [1146, ['14280']],
      [11019, ['14260']],
    ],
    referralRoles: ['call-handler', 'clinician'],
    access: { ...PHONE_FIRST, instructions: 'Dial 999 when life or property is at risk; health partners use the liaison line.' },
  },
  ambulance: {
    typeId: 1081,
    dispositions: DX.ambulance,
    // The disposition decides an ambulance; it takes any presentation short of a minor one.
    rules: [{ groups: 'all', levels: ['E', 'U', 'P'], generic: ['4052'] }],
    referralRoles: ['call-handler', 'clinician'],
    access: { ...REFERRAL_ONLY, instructions: 'Dispatched through the 999 / NHS 111 interface only.' },
  },
} as const satisfies Record<string, KindSpec>;

export type Kind = keyof typeof KINDS;

const cache = new WeakMap<Catalogue, Map<Kind, Readonly<Coverage>>>();

/**
 * The coverage of a kind of service, checked against the catalogue (throws if the catalogue lacks a
 * code: the demo needs the shipped demo catalogue). The result is frozen and shared: copy before editing.
 */
export function coverageFor(catalogue: Catalogue, kind: Kind): Readonly<Coverage> {
  let byKind = cache.get(catalogue);
  if (!byKind) cache.set(catalogue, (byKind = new Map()));
  const hit = byKind.get(kind);
  if (hit) return hit;
  const spec: KindSpec = KINDS[kind];
  const pairs: Pair[] = [];
  const seen = new Set<string>();
  const add = (sg: number, sd: string) => {
    if (OPTIONAL_DISCRIMINATORS.has(sd) && !catalogue.discriminator(sd)) return;
    const key = `${sg}/${sd}`;
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push({ sg, sd });
  };
  for (const rule of spec.rules ?? []) {
    const groups = rule.groups === 'all' ? CLINICAL_GROUPS : rule.groups;
    for (const sg of groups) {
      if (rule.exceptGroups?.includes(sg)) continue;
      for (const [sd, level] of Object.entries(PRESENTATIONS[sg] ?? {})) {
        if (rule.levels.includes(level) && !rule.exceptDiscriminators?.includes(sd)) add(sg, sd);
      }
      for (const sd of rule.generic ?? []) add(sg, sd);
    }
  }
  for (const [sg, sds] of spec.pairs ?? []) for (const sd of sds) add(sg, sd);
  const coverage: Coverage = { dispositions: [...spec.dispositions], symptoms: pairs };
  const problems = catalogue.unknownCodes({
    dispositions: coverage.dispositions,
    symptomGroups: pairs.map((p) => p.sg),
    discriminators: pairs.map((p) => p.sd),
    serviceTypes: [spec.typeId],
  });
  if (problems.length) {
    throw new Error(`demo data for "${kind}" uses codes the catalogue does not know (load the shipped demo catalogue): ${problems.map((p) => p.message).join('; ')}`);
  }
  const frozen = Object.freeze({ dispositions: Object.freeze(coverage.dispositions), symptoms: Object.freeze(pairs.map((p) => Object.freeze(p))) }) as Readonly<Coverage>;
  byKind.set(kind, frozen);
  return frozen;
}

/** A fresh, editable copy of a kind's coverage. */
export function copyCoverage(coverage: Readonly<Coverage>): Coverage {
  return { dispositions: [...coverage.dispositions], symptoms: coverage.symptoms.map((p) => ({ sg: p.sg, sd: p.sd })) };
}

/** Profiles' age limits in days: the directory's one conversion (directory/age.ts). */
export const years = yearsToDays;
