/**
 * The national DoS reason codes (Booking and Referral Standard). The same codes say why a recommended
 * service was passed over (each service the directory ranked above the one chosen is recorded with
 * one) and why a receiving service rejected a referral.
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

/** A receiving service rejects a referral with the same national codes. */
export const REJECTION_REASONS = PASS_OVER_REASONS;
export type RejectionReason = PassOverReason;

/**
 * Why a receiving service flags a referral as inappropriate (counted by the feedback loop): the
 * national codes, and the two mistakes the directory and triage can make themselves.
 */
export const INAPPROPRIATE_REASONS = {
  ...PASS_OVER_REASONS,
  'wrong-disposition': 'Wrong disposition',
  'wrong-service': 'Wrong service',
} as const;
export type InappropriateReason = keyof typeof INAPPROPRIATE_REASONS;
export const InappropriateReasonCodes = Object.keys(INAPPROPRIATE_REASONS) as [InappropriateReason, ...InappropriateReason[]];
