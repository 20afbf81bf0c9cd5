// A receiving service may flag a referral as inappropriate (a coded reason, a note, who and when),
// kept on the referral so the feedback loop can count it beside the event that recorded it.
export const up = String.raw`
alter table referrals add column inappropriate jsonb;
`;
