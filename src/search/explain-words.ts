// Why a service was not offered, in words that say what failed for that service ("not open until
// 08:00", "full (red) until 14:00", "does not see patients aged 4 years") rather than what the search
// needed ("accepts Dx05"). The explain list of a search (engine.ts) words each rule with these; the
// gaps recorded for commissioners keep the needed-wording of `Scan.gapDetail`.
import { wholeMonths, wholeYears } from '../directory/age';
import { MAX_AGE_DAYS } from '../directory/age';
import { localTimeFrom } from '../directory/local-time';

/** "4 years", "11 months", "20 days". */
export function ageWords(days: number): string {
  if (days >= 730) return `${wholeYears(days)} years`;
  if (days >= 61) return `${wholeMonths(days)} months`;
  return `${days} day${days === 1 ? '' : 's'}`;
}

export const explainWords = {
  status: (status: string) => (status === 'commissioning' ? 'not open yet (being commissioned)' : `service ${status}`),
  symptomGroup: (sg: number) => `does not see symptom group ${sg}`,
  sex: (accepts: readonly string[]) => `sees ${accepts.join(' and ')} patients only`,
  practices: (codes: readonly string[]) => `only for patients registered with ${codes.join(', ')}`,
  /** `resetMs`: when the red status ends; `atMs`: the search's moment. */
  capacity: (resetMs: number, atMs: number, reason: string | null | undefined) => `full (red) until ${localTimeFrom(resetMs, atMs)}${reason ? `: ${reason}` : ''}`,
  discriminators: (sg: number, missing: readonly string[]) => `does not see ${missing.length === 1 ? 'discriminator' : 'discriminators'} ${missing.join(', ')} in symptom group ${sg}`,
  disposition: (code: string, title: string) => `does not take ${code} (${title})`,
  referralRole: (role: string) => `does not take referrals from a ${role.replace('-', ' ')}`,
  age: (ageDays: number, fromDays: number, toDays: number) =>
    `does not see patients aged ${ageWords(ageDays)} (sees ${toDays >= MAX_AGE_DAYS - 1 ? `${ageWords(fromDays)} and over` : `${ageWords(fromDays)} to ${ageWords(toDays)}`})`,
  /**
   * Not open when needed: closed now and opening after the window ("not open until Tue 08:00"), open
   * now but closing too soon ("closes at 14:10, too soon"), or not opening in the next fortnight.
   */
  opening: (atMs: number, opensMs: number | null, closesMs: number | null, openNow: boolean) =>
    openNow
      ? closesMs === null
        ? 'not open long enough'
        : `closes at ${localTimeFrom(closesMs, atMs)}, too soon`
      : opensMs === null
        ? 'not open in the next 14 days'
        : `not open until ${localTimeFrom(opensMs, atMs)}`,
  area: (areaCode: string | null, limitedTo: readonly string[]) =>
    `${areaCode === null ? 'offered only in certain areas, and the patient’s area is not known' : `not offered in area ${areaCode}`} (only ${limitedTo.join(', ')})`,
};
