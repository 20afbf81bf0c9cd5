// What each kind of demo service can do for a patient, and where (data/reference/capabilities.yaml):
// the demo community and the generated national directory both take them from here, so the needs
// search finds district nursing for "cannot inject insulin" and reablement for "cannot dress".
import type { ServiceCapability } from '../directory/model';
import type { Kind } from './coverage';

const home = (...codes: string[]): ServiceCapability[] => codes.map((code) => ({ code, where: ['home'] }));
const onSite = (...codes: string[]): ServiceCapability[] => codes.map((code) => ({ code, where: ['on-site'] }));

export const KIND_CAPABILITIES: Readonly<Partial<Record<Kind, readonly ServiceCapability[]>>> = {
  districtNursingDay: home('insulin-administration', 'medicine-administration', 'blood-glucose-monitoring', 'wound-care', 'catheter-care', 'continence-care', 'stoma-care', 'palliative-care'),
  districtNursingNight: home('insulin-administration', 'medicine-administration', 'catheter-care', 'palliative-care'),
  catheterNurse: home('catheter-care', 'recatheterisation', 'continence-care'),
  reablement: home('personal-care', 'meals', 'short-term-reablement', 'welfare-check', 'medicine-administration', 'equipment'),
  ucr: home('falls-response', 'urgent-home-assessment', 'equipment', 'welfare-check'),
  edt: home('social-care-emergency', 'carer-breakdown', 'night-sitting'),
  hospice: [...home('palliative-care', 'night-sitting'), ...onSite('palliative-advice')],
  palliativeLine: onSite('palliative-advice'),
  mhCrisis: [{ code: 'mental-health-crisis', where: ['home', 'on-site'] }],
  safeHaven: onSite('mental-health-support'),
  ooh: onSite('minor-injury-treatment'),
  utc: onSite('minor-injury-treatment', 'wound-care'),
  miu: onSite('minor-injury-treatment', 'wound-care'),
  walkIn: onSite('minor-injury-treatment', 'wound-care'),
  pharmacy: onSite('emergency-prescription'),
  midwives: home('midwifery-home'),
};

/** A fresh copy (profiles are edited and compared as plain data). */
export function capabilitiesOf(kind: Kind): ServiceCapability[] {
  return (KIND_CAPABILITIES[kind] ?? []).map((c) => ({ code: c.code, where: [...c.where] }));
}
