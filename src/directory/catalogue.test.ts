import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { Catalogue, CatalogueError, DEFAULT_REFERENCE_DIR } from './catalogue';

/** Every code in shared/reference/dispositions.md, by group. */
const REFERENCE_CODES: Record<string, string[]> = {
  'ambulance-cat1': ['Dx01010'],
  'ambulance-cat2': ['Dx011', 'Dx0111', 'Dx0112', 'Dx0113', 'Dx0114', 'Dx0115', 'Dx0116', 'Dx0117', 'Dx0118', 'Dx01120', 'Dx01121', 'Dx01125'],
  'ambulance-cat3': ['Dx012', 'Dx0121', 'Dx0122', 'Dx0124', 'Dx0126', 'Dx0127', 'Dx01213'],
  'ambulance-cat4': ['Dx013', 'Dx016'],
  police: ['Dx49'],
  'emergency-department': ['Dx02', 'Dx03', 'Dx89', 'Dx92', 'Dx94'],
  'contact-primary-care': ['Dx05', 'Dx06', 'Dx07', 'Dx08'],
  'speak-to-primary-care': ['Dx11', 'Dx12', 'Dx13', 'Dx14', 'Dx15'],
  'own-gp': ['Dx09', 'Dx10', 'Dx16', 'Dx75', 'Dx115'],
  dental: ['Dx17', 'Dx18', 'Dx19', 'Dx20', 'Dx21', 'Dx22', 'Dx118'],
  community: ['Dx110', 'Dx111', 'Dx112', 'Dx113', 'Dx117'],
  'other-services': ['Dx28', 'Dx30', 'Dx50', 'Dx31', 'Dx60', 'Dx98'],
  'clinician-callback': ['Dx32', 'Dx34', 'Dx35', 'Dx325', 'Dx327', 'Dx330'],
  'validation-callback': ['Dx333', 'Dx334', 'Dx337', 'Dx338'],
  'repeat-prescription': ['Dx80', 'Dx85', 'Dx86', 'Dx87'],
  'self-care': ['Dx38', 'Dx39', 'Dx46'],
};

/** Timeframes the reference gives, in minutes. */
const REFERENCE_MINUTES: Record<string, number> = {
  Dx02: 60, Dx03: 240, Dx89: 720, Dx92: 240, Dx94: 60,
  Dx05: 120, Dx06: 360, Dx07: 720, Dx08: 1440,
  Dx11: 60, Dx12: 120, Dx13: 360, Dx14: 720, Dx15: 1440,
  Dx17: 60, Dx18: 120, Dx19: 360, Dx20: 720, Dx21: 1440, Dx118: 240,
  Dx110: 240, Dx111: 1440, Dx117: 60,
  Dx28: 720, Dx30: 60, Dx60: 4320, Dx98: 720,
  Dx34: 30, Dx35: 120,
  Dx80: 360, Dx85: 120, Dx86: 720, Dx87: 1440,
};

const shipped = Catalogue.load();

function shippedRaw() {
  const read = (file: string) => parseYaml(readFileSync(join(DEFAULT_REFERENCE_DIR, file), 'utf8'));
  return {
    dispositions: read('dispositions.yaml'),
    symptomGroups: read('symptom-groups.yaml'),
    serviceTypes: read('service-types.yaml'),
  };
}

function loadError(fn: () => unknown): CatalogueError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogueError);
    return err as CatalogueError;
  }
  throw new Error('expected a CatalogueError');
}

describe('the shipped catalogue', () => {
  it('loads', () => {
    expect(shipped.dispositions.length).toBeGreaterThanOrEqual(77);
    expect(shipped.symptomGroups.length).toBeGreaterThan(25);
    expect(shipped.discriminators.length).toBeGreaterThan(60);
    expect(shipped.serviceTypes.length).toBeGreaterThan(25);
  });

  it('has every disposition code in the reference, in its group', () => {
    for (const [group, codes] of Object.entries(REFERENCE_CODES)) {
      for (const code of codes) {
        expect(shipped.disposition(code), code).toBeDefined();
        expect(shipped.disposition(code)?.group, code).toBe(group);
      }
    }
    const all = Object.values(REFERENCE_CODES).flat();
    expect(new Set(all).size).toBe(all.length);
    expect(shipped.dispositions.length).toBe(all.length);
  });

  it('has the timeframes the reference gives', () => {
    for (const [code, minutes] of Object.entries(REFERENCE_MINUTES)) {
      expect(shipped.disposition(code)?.timeframe, code).toEqual({ kind: 'minutes', minutes });
    }
    for (const code of [...REFERENCE_CODES['ambulance-cat1'], ...REFERENCE_CODES['ambulance-cat2'], ...REFERENCE_CODES['ambulance-cat3'], ...REFERENCE_CODES['ambulance-cat4'], 'Dx49', 'Dx32', 'Dx50']) {
      expect(shipped.disposition(code)?.timeframe, code).toEqual({ kind: 'immediate' });
    }
    expect(shipped.disposition('Dx16')?.timeframe).toEqual({ kind: 'working-days', days: 3 });
    expect(shipped.disposition('Dx75')?.timeframe).toEqual({ kind: 'working-days', days: 3 });
    expect(shipped.disposition('Dx115')?.timeframe).toEqual({ kind: 'working-days', days: 1 });
    expect(shipped.disposition('Dx112')?.timeframe).toEqual({ kind: 'working-days', days: 1 });
    expect(shipped.disposition('Dx22')?.timeframe).toEqual({ kind: 'working-days', days: 5 });
    expect(shipped.disposition('Dx38')?.timeframe).toEqual({ kind: 'none' });
    expect(shipped.disposition('Dx333')?.note).toBe('demo timeframe');
  });

  it('has the legacy ids', () => {
    expect(shipped.disposition('Dx02')?.legacyId).toBe(1002);
    expect(shipped.disposition('Dx118')?.legacyId).toBe(1118);
    expect(shipped.disposition('Dx012')?.legacyId).toBe(11012);
    expect(shipped.dispositionByLegacyId(1002)?.code).toBe('Dx02');
    expect(shipped.dispositionByLegacyId(11012)?.code).toBe('Dx012');
    expect(shipped.dispositions.filter((d) => d.legacyId !== undefined)).toHaveLength(3);
  });

  it('knows which validation call-back stands in for which outcome', () => {
    expect(shipped.disposition('Dx334')?.validationOf).toEqual(['Dx02']);
    expect(shipped.disposition('Dx337')?.validationOf).toEqual(['Dx03', 'Dx92']);
    expect(shipped.disposition('Dx338')?.validationOf).toEqual(['Dx89']);
    expect([...(shipped.disposition('Dx333')?.validationOf ?? [])].sort()).toEqual(
      [...REFERENCE_CODES['ambulance-cat3'], ...REFERENCE_CODES['ambulance-cat4']].sort(),
    );
    expect(shipped.validationCallbackFor('Dx02')?.code).toBe('Dx334');
    expect(shipped.validationCallbackFor('Dx016')?.code).toBe('Dx333');
    expect(shipped.validationCallbackFor('Dx011')).toBeUndefined();
  });

  it('has the reference symptom groups and discriminators, local codes marked', () => {
    const real = { 1004: 'Abdominal pain', 1011: 'Chest pain', 1051: 'Dental bleeding', 1073: 'Red eye', 1092: 'Foreign body', 1112: 'Headache', 1137: 'Palpitations', 1146: 'Sexual concerns', 1152: 'Rash', 1169: 'Toothache', 1186: 'Mental health', 1192: 'Repeat prescription' };
    for (const [code, title] of Object.entries(real)) {
      expect(shipped.symptomGroup(Number(code))).toEqual({ code: Number(code), title, local: false });
    }
    expect(shipped.symptomGroup(360)?.local).toBe(false);
    expect(shipped.discriminator('4052')?.local).toBe(false);
    expect(shipped.discriminator('4003')?.local).toBe(false);
    expect(shipped.discriminator('Z001')?.title).toMatch(/palliative/i);
    for (const g of shipped.symptomGroups) expect(g.local, String(g.code)).toBe(g.code > 10999);
    for (const d of shipped.discriminators) {
      if (/^\d+$/.test(d.code)) expect(d.local, d.code).toBe(Number(d.code) > 10999);
      expect(typeof d.code).toBe('string');
    }
  });

  it('has the reference service types, with one catch-all and per-type limits', () => {
    for (const id of [25, 100, 105, 130, 133, 135, 136, 139, 140, 146, 13, 14]) {
      expect(shipped.serviceType(id)?.local, String(id)).toBe(false);
    }
    expect(shipped.catchAllServiceTypes.map((t) => t.id)).toEqual([105]);
    for (const t of shipped.serviceTypes) {
      expect(t.maxResults, String(t.id)).toBe([100, 130, 133, 139].includes(t.id) ? 1 : 2);
      if (t.local) expect(t.id).toBeGreaterThanOrEqual(1000);
      if (t.local) expect(t.id).toBeLessThan(2000);
    }
    // a UTC ranks above an ED for an "either" outcome; own GP first for primary care
    expect(shipped.serviceType(135)!.nationalRank).toBeLessThan(shipped.serviceType(105)!.nationalRank);
    expect(shipped.serviceType(100)!.nationalRank).toBe(1);
  });

  it('is immutable', () => {
    const d = shipped.disposition('Dx02')!;
    expect(() => {
      (d as { title: string }).title = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      (shipped.dispositions as unknown as unknown[]).push({});
    }).toThrow(TypeError);
  });

  it('resolves its default directory from the source file, not the working directory', () => {
    expect(DEFAULT_REFERENCE_DIR.replace(/\\/g, '/')).toMatch(/\/data\/reference\/?$/);
  });
});

describe('loading a catalogue', () => {
  it('accepts bare arrays for dispositions and service types', () => {
    const c = Catalogue.fromData({
      dispositions: [{ code: 'Dx02', title: 'ED within 1 hour', group: 'emergency-department', timeframe: 60 }],
      symptomGroups: { symptomGroups: [{ code: 1011, title: 'Chest pain' }, { code: 12345, title: 'Local' }] },
      serviceTypes: [{ id: 105, name: 'ED', nationalRank: 5, maxResults: 2, category: 'emergency', catchAll: true }],
    });
    expect(c.disposition('Dx02')).toEqual({ code: 'Dx02', title: 'ED within 1 hour', group: 'emergency-department', timeframe: { kind: 'minutes', minutes: 60 } });
    expect(c.symptomGroup(12345)?.local).toBe(true);
    expect(c.discriminators).toEqual([]);
  });

  it('rejects a duplicate disposition code, naming the file and the item', () => {
    const raw = shippedRaw();
    const list = (raw.dispositions as { dispositions: unknown[] }).dispositions;
    list.push({ code: 'Dx02', title: 'again', group: 'emergency-department', timeframe: 60 });
    const err = loadError(() => Catalogue.fromData(raw));
    expect(err.message).toContain(`dispositions.yaml: dispositions.${list.length - 1}.code: duplicate code Dx02`);
  });

  it('rejects a malformed timeframe, naming the file and the item', () => {
    const raw = shippedRaw();
    const list = (raw.dispositions as { dispositions: Record<string, unknown>[] }).dispositions;
    list[12].timeframe = 'soon';
    const err = loadError(() => Catalogue.fromData(raw));
    expect(err.message).toContain(`dispositions.yaml: dispositions.12.timeframe: ${String(list[12].code)}: expected minutes`);
    expect(err.problems).toContainEqual(expect.objectContaining({ file: 'dispositions.yaml', path: 'dispositions.12.timeframe' }));
  });

  it('reports every problem at once', () => {
    const raw = shippedRaw();
    (raw.dispositions as { dispositions: Record<string, unknown>[] }).dispositions[0].group = 'ambulance';
    (raw.symptomGroups as { symptomGroups: unknown[] }).symptomGroups.push({ code: 1011, title: 'Chest pain again' });
    (raw.symptomGroups as { symptomDiscriminators: unknown[] }).symptomDiscriminators.push({ code: '4052', title: 'again' });
    (raw.serviceTypes as { serviceTypes: Record<string, unknown>[] }).serviceTypes[0].nationalRank = 11;
    (raw.serviceTypes as { serviceTypes: Record<string, unknown>[] }).serviceTypes[1].colour = 'red';
    const err = loadError(() => Catalogue.fromData(raw));
    const where = err.problems.map((p) => `${p.file}: ${p.path}`);
    expect(where).toContain('dispositions.yaml: dispositions.0.group');
    expect(where).toContainEqual(expect.stringMatching(/^symptom-groups\.yaml: symptomGroups\.\d+\.code$/));
    expect(where).toContainEqual(expect.stringMatching(/^symptom-groups\.yaml: symptomDiscriminators\.\d+\.code$/));
    expect(where).toContain('service-types.yaml: serviceTypes.0.nationalRank');
    expect(where).toContain('service-types.yaml: serviceTypes.1');
    expect(err.message).toMatch(/Unrecognized key.*colour/);
  });

  it('rejects bad references and rules between entries', () => {
    const base = { group: 'emergency-department', timeframe: 60 };
    const err = loadError(() =>
      Catalogue.fromData({
        dispositions: [
          { code: 'Dx02', title: 'ED', ...base, legacyId: 1002 },
          { code: 'Dx03', title: 'ED 4h', ...base, legacyId: 1002 },
          { code: 'Dx334', title: 'validate', group: 'validation-callback', timeframe: 30, validationOf: ['Dx02', 'Dx999'] },
          { code: 'Dx335', title: 'validate too', group: 'validation-callback', timeframe: 30 },
          { code: 'Dx336', title: 'not validation', ...base, validationOf: ['Dx03'] },
          { code: 'DX7', title: 'bad code', ...base },
        ],
        symptomGroups: { symptomGroups: [{ code: 11000, title: 'Local', local: false }] },
        serviceTypes: [{ id: 105, name: 'ED', nationalRank: 5, maxResults: 2, category: 'emergency' }],
      }),
    );
    const text = err.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n');
    expect(text).toContain('dispositions.yaml: dispositions.5.code: expected a disposition code');
    // the schema failed, so cross-checks wait for the next load — fix the code and look again
    const err2 = loadError(() =>
      Catalogue.fromData({
        dispositions: [
          { code: 'Dx02', title: 'ED', ...base, legacyId: 1002 },
          { code: 'Dx03', title: 'ED 4h', ...base, legacyId: 1002 },
          { code: 'Dx334', title: 'validate', group: 'validation-callback', timeframe: 30, validationOf: ['Dx02', 'Dx999'] },
          { code: 'Dx335', title: 'validate too', group: 'validation-callback', timeframe: 30 },
          { code: 'Dx336', title: 'not validation', ...base, validationOf: ['Dx03'] },
        ],
        symptomGroups: { symptomGroups: [{ code: 11000, title: 'Local', local: false }] },
        serviceTypes: [{ id: 105, name: 'ED', nationalRank: 5, maxResults: 2, category: 'emergency' }],
      }),
    );
    const text2 = err2.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n');
    expect(text2).toContain('dispositions.yaml: dispositions.1.legacyId: duplicate legacy id 1002 (also at dispositions.0)');
    expect(text2).toContain('dispositions.yaml: dispositions.2.validationOf.1: Dx334: unknown disposition Dx999');
    expect(text2).toContain('dispositions.yaml: dispositions.3.validationOf: Dx335: a validation call-back must say');
    expect(text2).toContain('dispositions.yaml: dispositions.4.validationOf: Dx336: only validation-callback');
    expect(text2).toContain('symptom-groups.yaml: symptomGroups.0.local: 11000: codes above 10999 are local');
    expect(text2).toContain('service-types.yaml: serviceTypes: no service type is marked catchAll');
  });

  it('names the file when one is missing or is not YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signpost-catalogue-'));
    for (const file of ['dispositions.yaml', 'service-types.yaml', 'capabilities.yaml']) {
      writeFileSync(join(dir, file), readFileSync(join(DEFAULT_REFERENCE_DIR, file)));
    }
    const missing = loadError(() => Catalogue.load(dir));
    expect(missing.message).toMatch(/symptom-groups\.yaml: cannot read/);

    writeFileSync(join(dir, 'symptom-groups.yaml'), 'symptomGroups: [ { code: 1011\n');
    const broken = loadError(() => Catalogue.load(dir));
    expect(broken.message).toMatch(/symptom-groups\.yaml: not valid YAML/);

    writeFileSync(join(dir, 'symptom-groups.yaml'), readFileSync(join(DEFAULT_REFERENCE_DIR, 'symptom-groups.yaml')));
    expect(Catalogue.load(dir).dispositions).toHaveLength(shipped.dispositions.length);
  });

  it('loads the capabilities, and names a malformed capability code', () => {
    expect(shipped.capability('insulin-administration')?.needs).toContain('cannot inject insulin');
    expect(shipped.unknownCodes({ capabilities: ['wound-care', 'teleportation'] })).toEqual([{ path: 'capabilities', message: 'unknown capability teleportation' }]);
    const err = loadError(() =>
      Catalogue.fromData({
        dispositions: shipped.dispositions,
        symptomGroups: { symptomGroups: [], symptomDiscriminators: [] },
        serviceTypes: shipped.serviceTypes,
        capabilities: [
          { code: 'wound-care', name: 'Wound care', category: 'nursing' },
          { code: 'Bad Code', name: 'Bad', category: 'nursing' },
        ],
      }),
    );
    const text = err.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`).join('\n');
    expect(text).toContain('capabilities.yaml: capabilities.1.code: expected a capability code such as insulin-administration');
  });

  it('accepts an unquoted numeric discriminator code but stores a string', () => {
    const c = Catalogue.fromData({
      dispositions: [],
      symptomGroups: { symptomGroups: [], symptomDiscriminators: [{ code: 4052, title: 'ED assessment' }] },
      serviceTypes: [],
    });
    expect(c.discriminator('4052')?.code).toBe('4052');
  });
});

describe('unknownCodes', () => {
  it('is empty when every code is known', () => {
    expect(
      shipped.unknownCodes({ dispositions: ['Dx02', 'Dx333'], symptomGroups: [1011, 360], discriminators: ['4052', 'Z001'], serviceTypes: [105, 100] }),
    ).toEqual([]);
    expect(shipped.unknownCodes({})).toEqual([]);
  });

  it('reports each unknown code once', () => {
    expect(
      shipped.unknownCodes({
        dispositions: ['Dx02', 'Dx999', 'Dx999', 'Dx998'],
        symptomGroups: [1011, 9999],
        discriminators: ['4052', '99999'],
        serviceTypes: [105, 7],
      }),
    ).toEqual([
      { path: 'dispositions', message: 'unknown disposition Dx999' },
      { path: 'dispositions', message: 'unknown disposition Dx998' },
      { path: 'symptomGroups', message: 'unknown symptom group 9999' },
      { path: 'discriminators', message: 'unknown symptom discriminator 99999' },
      { path: 'serviceTypes', message: 'unknown service type 7' },
    ]);
  });
});
