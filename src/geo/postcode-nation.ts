import type { Nation } from './nation';

// Postcode areas wholly in Scotland. Wales shares England's bank holidays, so the mixed areas on the
// Welsh border (CH, SY, LD, NP …) need no rule; on the Scottish border only TD15 (Berwick) is English.
const SCOTTISH_AREAS = new Set(['AB', 'DD', 'DG', 'EH', 'FK', 'G', 'HS', 'IV', 'KA', 'KW', 'KY', 'ML', 'PA', 'PH', 'TD', 'ZE']);

/**
 * The nation whose bank holidays apply at a UK postcode, from its outward code alone (no lookup):
 * BT is Northern Ireland, the Scottish postcode areas Scotland, and everywhere else England and Wales.
 */
export function bankHolidayNationOfPostcode(postcode: string): Nation {
  const outward = postcode.trim().toUpperCase().split(/\s+/)[0].replace(/\d[A-Z]{2}$/, '');
  const area = /^[A-Z]{1,2}/.exec(outward)?.[0] ?? '';
  if (area === 'BT') return 'northern-ireland';
  if (outward === 'TD15') return 'england-and-wales';
  return SCOTTISH_AREAS.has(area) ? 'scotland' : 'england-and-wales';
}
