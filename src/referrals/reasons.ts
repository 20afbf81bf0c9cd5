/**
 * Why a recommended service was passed over (Booking and Referral Standard reason codes). Each
 * service the directory ranked above the one chosen is recorded with one of these.
 */
export const PASS_OVER_REASONS = {
  '21': 'Transport',
  '22': 'Capacity',
  '23': 'Not clinically appropriate',
  '24': 'Service declined',
  '26': 'Patient choice',
  '27': 'Not contactable',
  '31': 'No appointments',
  '32': 'Appointments unsuitable',
  '40': 'Not eligible',
  '41': 'Requested home visit',
  '42': 'Distance',
  '99': 'Other',
} as const;
export type PassOverReason = keyof typeof PASS_OVER_REASONS;
export const PassOverReasonCodes = Object.keys(PASS_OVER_REASONS) as [PassOverReason, ...PassOverReason[]];
