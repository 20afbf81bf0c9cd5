import { describe, expect, it } from 'vitest';
import {
  OnspdError,
  normalisePostcode,
  parseOnspd,
  postcodeParts,
  splitCsvRecord,
  type OnspdOptions,
  type OnspdRecord,
} from './onspd';

/** A cut-down ONSPD extract: every field quoted, as in the real file. */
const HEADER = '"pcd","pcd2","pcds","dointr","doterm","oslaua","ccg","sicbl","icb","ctry","lat","long","parish"';
const ROWS = [
  // live, England
  '"CT1 1AA","CT1  1AA","CT1 1AA","199906","","E07000106","E38000001","E38000237","E54000032","E92000001","51.278931","1.080140","Canterbury, ""City"""',
  // terminated
  '"CT1 1AB","CT1  1AB","CT1 1AB","198001","200512","E07000106","E38000001","E38000237","E54000032","E92000001","51.279000","1.081000",""',
  // no grid reference
  '"CT1 9ZZ","CT1  9ZZ","CT1 9ZZ","201601","","E07000106","E38000001","E38000237","E54000032","E92000001","99.999999","0.000000",""',
  // live, Lancashire, 8-character pcd, pseudo area code
  '"PR254DE","PR25 4DE","PR25 4DE","198001","","E07000126","E99999999","E99999999","E54000048","E92000001","53.695210","-2.694800",""',
  // Scotland, Northern Ireland, Wales, Isle of Man
  '"EH1 1YZ","EH1  1YZ","EH1 1YZ","198001","","S12000036","S03000012","S03000012","S11000001","S92000003","55.952000","-3.190000",""',
  '"BT1 1AA","BT1  1AA","BT1 1AA","198001","","N09000003","ZC0000001","","","N92000002","54.600000","-5.930000",""',
  '"CF101AA","CF10 1AA","CF10 1AA","198001","","W06000015","W11000029","W11000029","W11000029","W92000004","51.480000","-3.180000",""',
  '"IM1 1AA","IM1  1AA","IM1 1AA","198001","","M99999999","M99999999","M99999999","M99999999","M83000003","54.150000","-4.480000",""',
];

async function* linesOf(text: string[]): AsyncGenerator<string> {
  for (const line of text) yield line;
}

async function collect(lines: string[], opts: OnspdOptions): Promise<OnspdRecord[]> {
  const out: OnspdRecord[] = [];
  for await (const r of parseOnspd(linesOf(lines), opts)) out.push(r);
  return out;
}

describe('normalisePostcode', () => {
  it.each([
    ['CT1 1AA', 'CT1 1AA'],
    ['ct11aa', 'CT1 1AA'],
    ['ct1 1aa', 'CT1 1AA'],
    ['  CT1    1AA  ', 'CT1 1AA'],
    ['c t 1 1 a a', 'CT1 1AA'],
    ['pr254de', 'PR25 4DE'],
    ['M11AE', 'M1 1AE'],
    ['B338TH', 'B33 8TH'],
    ['w1a0ax', 'W1A 0AX'],
    ['EC1A1BB', 'EC1A 1BB'],
    ['SW1A 2AA', 'SW1A 2AA'],
    ['gir0aa', 'GIR 0AA'],
    ['FY1\t4BJ', 'FY1 4BJ'],
  ])('%j → %j', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'CT1',
    'CT1 1',
    'CT11A',
    'CT1 1AAA',
    '1CT 1AA',
    'CT1-1AA',
    'QT1 1AA', // Q never starts a postcode
    'CT1 1CA', // C is never in the inward letters
    'CTT1 1AA',
    'not a postcode',
    'CT1 1AA'.repeat(5),
  ])('%j → null', (input) => {
    expect(normalisePostcode(input)).toBeNull();
  });
});

describe('postcodeParts', () => {
  it('splits district and sector', () => {
    expect(postcodeParts('CT1 1AA')).toEqual({ district: 'CT1', sector: 'CT1 1' });
    expect(postcodeParts('pr254de')).toEqual({ district: 'PR25', sector: 'PR25 4' });
    expect(postcodeParts('EC1A 1BB')).toEqual({ district: 'EC1A', sector: 'EC1A 1' });
  });

  it('refuses what is not a postcode', () => {
    expect(() => postcodeParts('nope')).toThrow(RangeError);
  });
});

describe('splitCsvRecord', () => {
  it('handles quoted, unquoted, empty and escaped fields', () => {
    expect(splitCsvRecord('a,"b,c","d ""e""",,f')).toEqual(['a', 'b,c', 'd "e"', '', 'f']);
    expect(splitCsvRecord('"",x,')).toEqual(['', 'x', '']);
    expect(splitCsvRecord('"a"')).toEqual(['a']);
  });

  it('says when a quoted field runs onto the next line', () => {
    expect(splitCsvRecord('a,"b')).toBeNull();
  });

  it('rejects text after a closing quote', () => {
    expect(() => splitCsvRecord('"a"b,c')).toThrow(/closing quote/);
  });
});

describe('parseOnspd', () => {
  it('yields live postcodes with a grid reference, normalised, with area and nation', async () => {
    const records = await collect([HEADER, ...ROWS], { areaColumn: 'sicbl' });
    expect(records).toEqual([
      { postcode: 'CT1 1AA', lat: 51.278931, lon: 1.08014, areaCode: 'E38000237', nation: 'england-and-wales' },
      { postcode: 'PR25 4DE', lat: 53.69521, lon: -2.6948, areaCode: null, nation: 'england-and-wales' },
      { postcode: 'EH1 1YZ', lat: 55.952, lon: -3.19, areaCode: 'S03000012', nation: 'scotland' },
      { postcode: 'BT1 1AA', lat: 54.6, lon: -5.93, areaCode: null, nation: 'northern-ireland' },
      { postcode: 'CF10 1AA', lat: 51.48, lon: -3.18, areaCode: 'W11000029', nation: 'england-and-wales' },
      { postcode: 'IM1 1AA', lat: 54.15, lon: -4.48, areaCode: null, nation: null },
    ]);
  });

  it('keeps terminated postcodes when asked', async () => {
    const records = await collect([HEADER, ...ROWS], { areaColumn: 'oslaua', includeTerminated: true });
    expect(records.map((r) => r.postcode)).toContain('CT1 1AB');
    expect(records.map((r) => r.postcode)).not.toContain('CT1 9ZZ');
    expect(records[0].areaCode).toBe('E07000106');
  });

  it('matches column names case-insensitively and copes with a BOM, CRLF and blank lines', async () => {
    const header = '\uFEFF' + HEADER.toUpperCase() + '\r';
    const records = await collect([header, '', ROWS[0] + '\r', ''], { areaColumn: 'ICB' });
    expect(records).toEqual([
      { postcode: 'CT1 1AA', lat: 51.278931, lon: 1.08014, areaCode: 'E54000032', nation: 'england-and-wales' },
    ]);
  });

  it('falls back to pcd when there is no pcds, and reads an unquoted file', async () => {
    const records = await collect(
      ['pcd,doterm,lat,long,ccg', 'CT202AB,,51.079,1.166,E38000002', 'CT202AD,,51.080,1.167,'],
      { areaColumn: 'ccg' },
    );
    expect(records).toEqual([
      { postcode: 'CT20 2AB', lat: 51.079, lon: 1.166, areaCode: 'E38000002', nation: null },
      { postcode: 'CT20 2AD', lat: 51.08, lon: 1.167, areaCode: null, nation: null },
    ]);
  });

  it('joins a quoted field that runs onto the next line', async () => {
    const records = await collect(
      ['"pcds","doterm","lat","long","ccg","note"', '"CT1 1AA","","51.2","1.08","X1","two', 'lines"', '"CT1 1AB","","51.3","1.09","X2",""'],
      { areaColumn: 'ccg' },
    );
    expect(records.map((r) => r.areaCode)).toEqual(['X1', 'X2']);
  });

  it('names a required column the header lacks', async () => {
    const noLat = HEADER.replace('"lat",', '');
    await expect(collect([noLat], { areaColumn: 'sicbl' })).rejects.toThrow(/no "lat" column/);
    await expect(collect([HEADER], { areaColumn: 'ward' })).rejects.toThrow(/no "ward" column/);
    await expect(collect([HEADER.replace('"doterm",', '')], { areaColumn: 'icb' })).rejects.toThrow(/no "doterm" column/);
    await expect(collect(['"x","lat","long","doterm","icb"'], { areaColumn: 'icb' })).rejects.toThrow(
      /no a postcode column \(one of pcds, pcd/,
    );
    await expect(collect(['"pcds","icb"'], { areaColumn: 'icb' })).rejects.toThrow(/"doterm", "lat", "long" columns/);
    await expect(collect([HEADER], { areaColumn: 'ward' })).rejects.toBeInstanceOf(OnspdError);
  });

  it('does not need doterm when terminated postcodes are kept', async () => {
    const records = await collect(['pcds,lat,long,icb', 'CT1 1AA,51.2,1.08,E54000032'], {
      areaColumn: 'icb',
      includeTerminated: true,
    });
    expect(records).toHaveLength(1);
  });

  it('rejects an empty file', async () => {
    await expect(collect([], { areaColumn: 'icb' })).rejects.toThrow(/empty/);
  });

  it('throws on a bad row, naming its line, unless onBadRow is given', async () => {
    const bad = [
      HEADER,
      ROWS[0],
      '"CT1 1AC","","51.2"', // too few fields (line 3)
      ROWS[0].replace('"CT1 1AA","CT1  1AA","CT1 1AA"', '"XX","XX","XX"'), // not a postcode (line 4)
      ROWS[0].replace('"51.278931"', '"north"'), // lat not a number (line 5)
      ROWS[0].replace('"CT1 1AA","CT1  1AA"', '"CT1 1AA"x,"CT1  1AA"'), // bad quoting (line 6)
      ROWS[3],
    ];
    await expect(collect(bad, { areaColumn: 'icb' })).rejects.toThrow(/ONSPD line 3: expected 13 fields, found 3/);

    const problems: { line: number; reason: string }[] = [];
    const records = await collect(bad, { areaColumn: 'icb', onBadRow: (p) => problems.push(p) });
    expect(records.map((r) => r.postcode)).toEqual(['CT1 1AA', 'PR25 4DE']);
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(problems[1].reason).toMatch(/not a postcode/);
    expect(problems[2].reason).toMatch(/not numbers/);
    expect(problems[3].reason).toMatch(/closing quote/);
  });
});
