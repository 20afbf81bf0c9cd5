/**
 * The IUC Aggregate Data Collection (IUC ADC) as Signpost knows it: the items it computes, the KPIs
 * built from them, the national long CSV layout out (with small numbers suppressed) and in (the
 * published files, checked line by line). Pure: text in, text or rows out.
 *
 * Item meanings follow the reference in shared/reference/intelligence.md (the 2023-24 specification
 * as analysts use it); items whose meaning we cannot state from an open source are not invented.
 */
import type { ErrorDetail } from '../platform/errors';
import { malformedFile, readCsv } from './csv';

export type AdcUnit = 'calls' | 'seconds' | 'dispositions' | 'appointments';

export interface AdcItem {
  code: string;
  name: string;
  unit: AdcUnit;
}

export const ADC_ITEMS: readonly AdcItem[] = [
  { code: 'A01', name: 'Calls received', unit: 'calls' },
  { code: 'A03', name: 'Calls answered', unit: 'calls' },
  { code: 'B01', name: 'Calls answered within 60 seconds', unit: 'calls' },
  { code: 'B02', name: 'Calls abandoned', unit: 'calls' },
  { code: 'B06', name: 'Total time to answer', unit: 'seconds' },
  { code: 'C01', name: 'Calls where the person was triaged', unit: 'calls' },
  { code: 'D01', name: 'Calls assessed by a clinician or clinical advisor', unit: 'calls' },
  { code: 'D13', name: 'Immediate call-back offered (within 20 minutes)', unit: 'calls' },
  { code: 'D14', name: 'Immediate call-back received within 20 minutes', unit: 'calls' },
  { code: 'D15', name: 'Call-back offered for 20 to 60 minutes', unit: 'calls' },
  { code: 'D16', name: 'Call-back for 20 to 60 minutes received within time', unit: 'calls' },
  { code: 'D17', name: 'Call-back offered for over 1 hour', unit: 'calls' },
  { code: 'D18', name: 'Call-back for over 1 hour received within time', unit: 'calls' },
  { code: 'E01', name: 'Final dispositions (all)', unit: 'dispositions' },
  { code: 'E02', name: 'Ambulance dispositions', unit: 'dispositions' },
  { code: 'E04', name: 'Type 1 or 2 emergency department', unit: 'dispositions' },
  { code: 'E07', name: 'Contact primary care (bookable)', unit: 'dispositions' },
  { code: 'E08', name: 'Contact primary care (not bookable)', unit: 'dispositions' },
  { code: 'E10', name: 'Speak to primary care (bookable)', unit: 'dispositions' },
  { code: 'E11', name: 'Speak to primary care (not bookable)', unit: 'dispositions' },
  { code: 'E12', name: 'Dental', unit: 'dispositions' },
  { code: 'E16', name: 'Self-care', unit: 'dispositions' },
  { code: 'G01', name: 'Appointments booked (all)', unit: 'appointments' },
  { code: 'G03', name: 'Booked with a GP practice or hub', unit: 'appointments' },
  { code: 'G05', name: 'Booked with an IUC treatment centre', unit: 'appointments' },
  { code: 'G07', name: 'Booked with an urgent treatment centre', unit: 'appointments' },
  { code: 'G09', name: 'Booked emergency department time slot', unit: 'appointments' },
  { code: 'G11', name: 'Booked same-day emergency care', unit: 'appointments' },
  { code: 'G14', name: 'Booked elsewhere', unit: 'appointments' },
  { code: 'G20', name: 'Home visit needed', unit: 'appointments' },
  { code: 'G21', name: 'Home visit done within timeframe', unit: 'appointments' },
  { code: 'G22', name: 'Treatment centre face-to-face needed', unit: 'appointments' },
  { code: 'G23', name: 'Treatment centre face-to-face done within timeframe', unit: 'appointments' },
];

const ITEM_CODES = new Set(ADC_ITEMS.map((i) => i.code));
export const isAdcItem = (code: string): boolean => ITEM_CODES.has(code);

export type Direction = 'up' | 'down';

export interface AdcKpi {
  id: string;
  name: string;
  numerator: string;
  denominator: string;
  target: number;
  /** Which way is better: `up` means the value should be at least the target. */
  direction: Direction;
  /** `share` is a proportion 0–1; `seconds` an average. */
  kind: 'share' | 'seconds';
}

export const ADC_KPIS: readonly AdcKpi[] = [
  { id: 'answered-in-60s', name: 'Calls answered within 60 seconds', numerator: 'B01', denominator: 'A03', target: 0.95, direction: 'up', kind: 'share' },
  { id: 'average-speed-to-answer', name: 'Average speed to answer', numerator: 'B06', denominator: 'A03', target: 20, direction: 'down', kind: 'seconds' },
  { id: 'abandoned', name: 'Calls abandoned', numerator: 'B02', denominator: 'A01', target: 0.03, direction: 'down', kind: 'share' },
  { id: 'immediate-callback-in-20m', name: 'Immediate call-backs within 20 minutes', numerator: 'D14', denominator: 'D13', target: 0.9, direction: 'up', kind: 'share' },
  { id: 'clinical-assessment', name: 'Triaged calls assessed by a clinician', numerator: 'D01', denominator: 'C01', target: 0.5, direction: 'up', kind: 'share' },
  { id: 'home-visit-in-time', name: 'Home visits within timeframe', numerator: 'G21', denominator: 'G20', target: 0.95, direction: 'up', kind: 'share' },
  { id: 'treatment-centre-in-time', name: 'Treatment-centre face-to-face within timeframe', numerator: 'G23', denominator: 'G22', target: 0.95, direction: 'up', kind: 'share' },
];

export interface KpiValue {
  id: string;
  /** null when the denominator is 0 (nothing to measure). */
  value: number | null;
  target: number;
  direction: Direction;
  met: boolean | null;
}

/** The KPIs from a month's item values (missing items count as 0). */
export function kpisFrom(items: Readonly<Record<string, number>>): KpiValue[] {
  return ADC_KPIS.map((kpi) => {
    const denominator = items[kpi.denominator] ?? 0;
    const value = denominator > 0 ? (items[kpi.numerator] ?? 0) / denominator : null;
    const met = value === null ? null : kpi.direction === 'up' ? value >= kpi.target : value <= kpi.target;
    return { id: kpi.id, value, target: kpi.target, direction: kpi.direction, met };
  });
}

// ---- the national long CSV layout ---------------------------------------------------------------

export const ADC_COLUMNS = ['REPORTING_PERIOD', 'ORG_CODE', 'ORG_NAME', 'CONTRACT_CODE', 'CONTRACT_NAME', 'ITEM_NUMBER', 'VALUE', 'REGION_CODE', 'REGION_NAME'] as const;
const REQUIRED_COLUMNS = ['REPORTING_PERIOD', 'ORG_CODE', 'ORG_NAME', 'ITEM_NUMBER', 'VALUE'] as const;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** `2024-04` → `IUCADC-MONTHLY-APR-2024`. */
export function reportingPeriod(month: string): string {
  const [year, mm] = month.split('-');
  return `IUCADC-MONTHLY-${MONTHS[Number(mm) - 1]}-${year}`;
}

/** `IUCADC-MONTHLY-APR-2024` → `2024-04`, or null if it is not that shape. */
export function monthOfPeriod(period: string): string | null {
  const m = /^IUCADC-MONTHLY-([A-Z]{3})-(\d{4})$/.exec(period.trim().toUpperCase());
  const index = m ? MONTHS.indexOf(m[1]) : -1;
  return m && index >= 0 ? `${m[2]}-${String(index + 1).padStart(2, '0')}` : null;
}

export interface AdcRow {
  month: string;
  orgCode: string;
  orgName: string;
  contractCode: string;
  contractName: string;
  item: string;
  /** null where the file says '-' (not submitted). */
  value: number | null;
  regionCode: string;
  regionName: string;
}

/** Counts from 1 to 7 are shown as "<8" so no small group can be picked out (decision on suppression). */
export const SUPPRESS_BELOW = 8;

function exportValue(row: AdcRow, suppress: boolean): string {
  if (row.value === null) return '-';
  const unit = ADC_ITEMS.find((i) => i.code === row.item)?.unit;
  if (suppress && unit !== 'seconds' && row.value > 0 && row.value < SUPPRESS_BELOW) return `<${SUPPRESS_BELOW}`;
  return String(row.value);
}

const csvField = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** Writes rows in the national long layout, one line per item, small counts suppressed unless told not to. */
export function adcCsv(rows: readonly AdcRow[], options: { suppressSmallNumbers?: boolean } = {}): string {
  const suppress = options.suppressSmallNumbers ?? true;
  const lines = rows.map((r) =>
    [reportingPeriod(r.month), r.orgCode, r.orgName, r.contractCode, r.contractName, r.item, exportValue(r, suppress), r.regionCode, r.regionName].map(csvField).join(','),
  );
  return [ADC_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}

/**
 * Reads a published national file. Every problem is collected with its line and column (1-based,
 * the header being line 1); any problem refuses the whole file (422), so nothing is half-imported.
 */
export function parseAdcFile(text: string): AdcRow[] {
  const records = readCsv(text, malformed);
  if (!records.length) throw malformed([{ path: 'line 1', message: 'the file is empty' }]);
  const header = records[0].map((h) => h.toUpperCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw malformed(missing.map((c) => ({ path: 'line 1', message: `missing column ${c}` })));
  const col = (name: string) => header.indexOf(name);
  const problems: ErrorDetail[] = [];
  const rows: AdcRow[] = [];
  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    const at = (name: string) => `line ${line}, column ${col(name) + 1} (${name})`;
    const field = (name: string) => (col(name) >= 0 ? (record[col(name)] ?? '') : '');
    const month = monthOfPeriod(field('REPORTING_PERIOD'));
    if (!month) problems.push({ path: at('REPORTING_PERIOD'), message: `"${field('REPORTING_PERIOD')}" is not a period like IUCADC-MONTHLY-APR-2024` });
    const item = field('ITEM_NUMBER').toUpperCase();
    if (!/^[A-Z]\d{2,3}[A-Z]?$/.test(item)) problems.push({ path: at('ITEM_NUMBER'), message: `"${item}" is not an item number like A01` });
    if (!field('ORG_CODE')) problems.push({ path: at('ORG_CODE'), message: 'an organisation code is required' });
    const value = parseValue(field('VALUE'));
    if (value === undefined) problems.push({ path: at('VALUE'), message: `"${field('VALUE')}" is not a number or "-"` });
    if (month && value !== undefined) {
      rows.push({
        month,
        orgCode: field('ORG_CODE'),
        orgName: field('ORG_NAME'),
        contractCode: field('CONTRACT_CODE'),
        contractName: field('CONTRACT_NAME'),
        item,
        value,
        regionCode: field('REGION_CODE'),
        regionName: field('REGION_NAME'),
      });
    }
  });
  if (problems.length) throw malformed(problems);
  return rows;
}

/** '1,234' → 1234; '-' → null (not submitted); anything else → undefined (an error). */
function parseValue(raw: string): number | null | undefined {
  if (raw === '-' || raw === '') return null;
  const cleaned = raw.replaceAll(',', '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

const malformed = malformedFile('ADC file', 'malformed_adc_file');
