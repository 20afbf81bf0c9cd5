import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from './fixture';
import { createSignpost, type Signpost } from '../src/app';
import { ManualClock } from '../src/platform/clock';
import { loadConfig } from '../src/platform/config';
import { isValidNhsNumber } from '../src/cases/nhs-number';
import type { SimulationOutput } from '../src/modelling/model';
import { seedDemoCommunity } from '../src/demo/seed';

// A short history (3 days) of the demo community on the embedded database: what the tables hold
// must equal what the simulator counted.
const DAYS = 3;
let signpost: Signpost;
let out: SimulationOutput;

const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-history-test'), SIGNPOST_LOG: 'silent' });
async function demo(): Promise<Signpost> {
  const s = await createSignpost({ database: await testDatabase(), config, clock: new ManualClock('2026-11-18T10:30:00Z'), sleep: async () => undefined, backgroundJobs: false });
  await seedDemoCommunity(s);
  return s;
}
const rows = async (s: Signpost, query: string) => (await sql.raw<Record<string, unknown>>(query).execute(s.platform.db)).rows;
const one = async (s: Signpost, query: string) => Number(Object.values((await rows(s, query))[0])[0]);

beforeAll(async () => {
  signpost = await demo();
  const progress: number[] = [];
  const status = await signpost.history.run({ days: DAYS, seed: 7, onProgress: (done) => progress.push(done) });
  expect(status).toMatchObject({ status: 'done', days: DAYS, daysWritten: DAYS, percent: 100 });
  expect(progress).toEqual([1, 2, 3]);
  out = (await signpost.history.counters())!;
}, 300_000);
afterAll(async () => signpost?.close());

describe('the demo history', () => {
  it('covers the days before now', async () => {
    const status = await signpost.history.status();
    expect(status.endsAt).toBe('2026-11-18T10:00:00.000Z');
    expect(status.startsAt).toBe('2026-11-15T10:00:00.000Z');
    const [range] = await rows(signpost, `select min(offered_at) as first, max(offered_at) as last from telephony_calls`);
    expect(new Date(range.first as string).getTime()).toBeGreaterThanOrEqual(Date.parse('2026-11-15T10:00:00Z'));
    expect(new Date(range.last as string).getTime()).toBeLessThanOrEqual(Date.parse('2026-11-18T10:00:00Z'));
    const kinds = `type like 'telephony.%' or type like 'case.%' or type like 'queue.%' or type like 'referral.%' or type like 'capacity.%' or type like 'search.%' or type like 'post_event.%'`;
    expect(await one(signpost, `select count(*) from events where (${kinds}) and at > '2026-11-18T10:00:00Z'`)).toBe(0);
    expect(await one(signpost, `select count(*) from events where (${kinds}) and at < '2026-11-15T10:00:00Z'`)).toBe(0);
  });

  it('writes as many calls, answers, hang-ups, cases and triage outcomes as the simulator counted', async () => {
    expect(out.calls.offered).toBeGreaterThan(500);
    expect(await one(signpost, `select count(*) from telephony_calls`)).toBe(out.calls.offered);
    expect(await one(signpost, `select count(*) from telephony_calls where answered_at is not null`)).toBe(out.calls.answered);
    expect(await one(signpost, `select count(*) from telephony_calls where seconds_to_answer <= 60`)).toBe(out.calls.answeredWithinTarget);
    expect(await one(signpost, `select count(*) from telephony_calls where abandoned_at is not null`)).toBe(out.calls.abandoned);
    expect(await one(signpost, `select count(*) from events where type = 'telephony.call_offered'`)).toBe(out.calls.offered);
    expect(await one(signpost, `select count(*) from cases where call_id is not null`)).toBe(out.calls.answered);
    expect(await one(signpost, `select count(*) from events where type = 'case.disposition_set' and payload->>'source' = 'triage'`)).toBe(out.triaged);
    const validations = await one(signpost, `select count(*) from events where type = 'case.disposition_set' and payload->>'validation' is not null`);
    expect(validations).toBe(out.dispositions['validation-callback']);
  });

  it('writes the clinical queue and the referrals as the simulator counted them', async () => {
    expect(await one(signpost, `select count(*) from clinical_queue`)).toBe(out.clinical.queued);
    expect(await one(signpost, `select count(*) from clinical_queue where status = 'done'`)).toBe(out.clinical.assessed);
    const accepted = Object.values(out.referrals).reduce((n, r) => n + r.accepted, 0);
    const full = Object.values(out.referrals).reduce((n, r) => n + r.rejectedFull, 0);
    expect(accepted).toBeGreaterThan(50);
    expect(await one(signpost, `select count(*) from referrals where status in ('accepted', 'completed')`)).toBe(accepted);
    expect(await one(signpost, `select count(*) from referrals where status = 'rejected' and rejection->>'reasonCode' = '22'`)).toBe(full);
    const byService = await rows(signpost, `select service_id::text as id, count(*)::int as n from referrals where status in ('accepted', 'completed') group by 1`);
    for (const r of byService) expect(r.n, `service ${r.id}`).toBe(out.referrals[r.id as string].accepted);
    expect(await one(signpost, `select count(*) from events where type = 'search.unmet_need'`)).toBe(out.acute.unplacedToEd);
  });

  it('writes events and audit entries as the live code does, and invented patients only', async () => {
    // Every event a person or system acted on has its audit entry pointing back to it.
    const audited = await one(signpost, `select count(*) from audit_log where action = 'case.opened'`);
    expect(audited).toBe(out.calls.answered);
    const orphans = await one(signpost, `select count(*) from audit_log a where a.action = 'referral.accepted' and not exists (select 1 from events e where e.id = (a.details->>'eventId')::bigint and e.type = 'referral.accepted')`);
    expect(orphans).toBe(0);
    const numbers = (await rows(signpost, `select distinct nhs_number from cases`)).map((r) => r.nhs_number as string);
    expect(numbers.every((n) => n.startsWith('999') && isValidNhsNumber(n))).toBe(true);
    // Re-contacts are the same patient calling again.
    expect(numbers.length).toBeLessThan(out.calls.answered);
    expect(await one(signpost, `select count(*) from capacity_history where status = 'red'`)).toBeGreaterThan(0);
    expect(await one(signpost, `select count(*) from events where type in ('post_event.sent', 'post_event.not_sent')`)).toBe(await one(signpost, `select count(*) from cases where status = 'closed'`));
  });

  it('does nothing when run again, and is the same for the same seed', async () => {
    const before = await one(signpost, `select count(*) from events`);
    await signpost.history.run({ days: DAYS, seed: 7 });
    expect(await one(signpost, `select count(*) from events`)).toBe(before);
    const again = await demo();
    try {
      await again.history.run({ days: DAYS, seed: 7 });
      const fingerprint = (s: Signpost) => rows(s, `select md5(string_agg(call_id || coalesce(answered_at::text, '') || coalesce(abandoned_at::text, ''), ',' order by call_id)) as f from telephony_calls`);
      expect(await fingerprint(again)).toEqual(await fingerprint(signpost));
      const cases = (s: Signpost) => rows(s, `select md5(string_agg(id || status || coalesce(disposition->>'code', ''), ',' order by id)) as f from cases`);
      expect(await cases(again)).toEqual(await cases(signpost));
    } finally {
      await again.close();
    }
  }, 300_000);
});
