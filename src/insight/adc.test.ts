import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors';
import { adcCsv, kpisFrom, monthOfPeriod, parseAdcFile, reportingPeriod, type AdcRow } from './adc';

describe('ADC KPIs', () => {
  it('are worked from the items, each against its target in its direction', () => {
    // 1,000 received, 970 answered, 930 within 60 s, 30 abandoned, 17,460 s to answer (18 s each).
    const kpis = Object.fromEntries(kpisFrom({ A01: 1000, A03: 970, B01: 930, B02: 30, B06: 17_460, C01: 900, D01: 400, D13: 50, D14: 46 }).map((k) => [k.id, k]));
    expect(kpis['answered-in-60s'].value).toBeCloseTo(930 / 970, 12);
    expect(kpis['answered-in-60s'].met).toBe(true);
    expect(kpis['average-speed-to-answer'].value).toBe(18);
    expect(kpis['average-speed-to-answer'].met).toBe(true);
    expect(kpis['abandoned'].value).toBe(0.03);
    expect(kpis['abandoned'].met).toBe(true);
    expect(kpis['immediate-callback-in-20m'].value).toBe(0.92);
    expect(kpis['clinical-assessment'].value).toBeCloseTo(400 / 900, 12);
    expect(kpis['clinical-assessment'].met).toBe(false);
    expect(kpis['home-visit-in-time'].value).toBeNull();
    expect(kpis['home-visit-in-time'].met).toBeNull();
  });

  it('a target just missed is not met', () => {
    const [answered] = kpisFrom({ A03: 100, B01: 94 });
    expect(answered.met).toBe(false);
  });
});

describe('reporting periods', () => {
  it('go both ways and refuse other shapes', () => {
    expect(reportingPeriod('2024-04')).toBe('IUCADC-MONTHLY-APR-2024');
    expect(monthOfPeriod('IUCADC-MONTHLY-APR-2024')).toBe('2024-04');
    expect(monthOfPeriod('iucadc-monthly-dec-2025')).toBe('2025-12');
    expect(monthOfPeriod('IUCADC-MONTHLY-XYZ-2024')).toBeNull();
    expect(monthOfPeriod('2024-04')).toBeNull();
  });
});

const row = (item: string, value: number | null, orgName = 'Signpost demo IUC'): AdcRow => ({
  month: '2026-11',
  orgCode: 'DEMO1',
  orgName,
  contractCode: '111DM1',
  contractName: 'East Kent',
  item,
  value,
  regionCode: 'Y59',
  regionName: 'South East',
});

describe('the national long CSV', () => {
  it('writes the header and one line per item, suppressing counts 1–7 but not 0, 8 or seconds', () => {
    const csv = adcCsv([row('A01', 1200), row('B02', 7), row('B02', 0), row('D13', 8), row('B06', 5), row('G20', null), row('A03', 3, 'Kent, "East"')]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('REPORTING_PERIOD,ORG_CODE,ORG_NAME,CONTRACT_CODE,CONTRACT_NAME,ITEM_NUMBER,VALUE,REGION_CODE,REGION_NAME');
    expect(lines[1]).toBe('IUCADC-MONTHLY-NOV-2026,DEMO1,Signpost demo IUC,111DM1,East Kent,A01,1200,Y59,South East');
    expect(lines[2]).toContain(',B02,<8,');
    expect(lines[3]).toContain(',B02,0,');
    expect(lines[4]).toContain(',D13,8,');
    expect(lines[5]).toContain(',B06,5,');
    expect(lines[6]).toContain(',G20,-,');
    expect(lines[7]).toContain('"Kent, ""East"""');
    expect(adcCsv([row('B02', 7)], { suppressSmallNumbers: false })).toContain(',B02,7,');
  });

  it('reads back what it writes (unsuppressed)', () => {
    const rows = [row('A01', 1200), row('B06', 5), row('G20', null), row('A03', 3, 'Kent, "East"')];
    expect(parseAdcFile(adcCsv(rows, { suppressSmallNumbers: false }))).toEqual(rows);
  });

  it('reads published files: a byte-order mark, comma-formatted numbers, "-" for missing, items it does not compute', () => {
    const text = '\uFEFFREPORTING_PERIOD,ORG_CODE,ORG_NAME,CONTRACT_CODE,CONTRACT_NAME,ITEM_NUMBER,VALUE,REGION_CODE,REGION_NAME\n' +
      'IUCADC-MONTHLY-APR-2024,RYE,South Central Ambulance,111AA1,Thames Valley,A01,"123,456",Y59,South East\n' +
      'IUCADC-MONTHLY-APR-2024,RYE,South Central Ambulance,111AA1,Thames Valley,E15,-,Y59,South East\n';
    const rows = parseAdcFile(text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ month: '2024-04', orgCode: 'RYE', item: 'A01', value: 123_456 });
    expect(rows[1]).toMatchObject({ item: 'E15', value: null });
  });

  const refused = (text: string) => {
    try {
      parseAdcFile(text);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(422);
      return (error as AppError).details;
    }
    throw new Error('the file was accepted');
  };
  const HEADER = 'REPORTING_PERIOD,ORG_CODE,ORG_NAME,ITEM_NUMBER,VALUE\n';

  it('refuses a malformed file naming every bad line and column, importing nothing', () => {
    const details = refused(HEADER + 'IUCADC-MONTHLY-APR-2024,RYE,X,A01,12\nAPRIL 2024,RYE,X,A01,12\nIUCADC-MONTHLY-APR-2024,RYE,X,A01,twelve\n');
    expect(details).toEqual([
      { path: 'line 3, column 1 (REPORTING_PERIOD)', message: expect.stringContaining('APRIL 2024') },
      { path: 'line 4, column 5 (VALUE)', message: expect.stringContaining('twelve') },
    ]);
  });

  it('refuses missing columns, a bad item number, an empty file and an unclosed quote', () => {
    expect(refused('REPORTING_PERIOD,ORG_CODE,ITEM_NUMBER\n')).toEqual([
      { path: 'line 1', message: 'missing column ORG_NAME' },
      { path: 'line 1', message: 'missing column VALUE' },
    ]);
    expect(refused(HEADER + 'IUCADC-MONTHLY-APR-2024,RYE,X,calls,12\n')[0].path).toBe('line 2, column 4 (ITEM_NUMBER)');
    expect(refused('')[0].message).toBe('the file is empty');
    expect(refused(HEADER + 'IUCADC-MONTHLY-APR-2024,RYE,"X,A01,12\n')[0].path).toMatch(/^line \d+$/);
  });
});
