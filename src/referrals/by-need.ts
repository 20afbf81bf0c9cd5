// A professional refers by need (issue 16, the ten-minute test): a GP with an elderly patient who cannot
// inject her insulin refers her straight to the district nursing team found by the needs search. There
// is no 111 call and no triage, so the episode is a case the referral itself opens (channel
// 'professional-referral', docs/decisions/0032): the patient, the needs and the note, in one
// transaction with the referral, its event and the receiver's inbox message. From there the referral
// lives the same life as any other: the service accepts or rejects it in its inbox.
import { randomUUID } from 'node:crypto';
import { hasAnyRole, type Actor } from '../platform/actor';
import { recordChange } from '../platform/context';
import { inTransaction } from '../platform/database';
import { AppError, badRequest, forbidden } from '../platform/errors';
import { referralRoleOf } from '../directory/referral-role';
import type { MatchedNeed } from '../directory/needs-matcher';
import type { Service } from '../directory/model';
import type { z } from 'zod';
import type { ReferByNeedInput, ReferByNeedReply } from './by-need-model';
import { PROFESSIONAL_REFERRERS } from './by-need-model';
import type { ReferralsContext } from './context';
import { externalEndpoint } from './messages';
import type { Referral } from './model';
import * as store from './store';
import { requestedReferral } from './new-referral';

export class ReferringByNeed {
  constructor(private readonly ctx: ReferralsContext) {}

  async refer(actor: Actor, data: ReferByNeedInput): Promise<z.input<typeof ReferByNeedReply>> {
    if (!hasAnyRole(actor, PROFESSIONAL_REFERRERS)) throw forbidden('Only clinicians, GP practices and community teams refer by need');
    const needs = this.readNeeds(data.needs);
    const service = await this.ctx.activeService(data.serviceId, 'body.serviceId');
    assertTakesReferralsFrom(service, actor);
    const covered = new Set(service.capabilities.map((c) => c.code));
    const needsRead = needs.map((n) => ({ need: n.need, code: n.capability.code, name: n.capability.name, covered: covered.has(n.capability.code) }));
    if (!needsRead.some((n) => n.covered)) {
      throw badRequest(`${service.name} does not list any of these needs`, [{ path: 'body.serviceId', message: `lists ${service.capabilities.map((c) => c.code).join(', ') || 'no capabilities'}` }], 'needs_not_covered');
    }
    const at = this.ctx.now();
    const sender = await this.ctx.scopes.organisationName(actor.organisationId);
    const summary = summaryOf(needsRead, data.when, data.note);
    const messages: string[] = [];
    const referral = await inTransaction(this.ctx.db, async (tx) => {
      const c = await this.ctx.deps.cases.openForReferral(tx, actor, at, { patient: data.patient, presentingProblem: presentingProblemOf(needsRead) });
      const r = newReferral(actor, c.id, service, summary, at);
      await store.insertReferral(tx, r);
      await recordChange(tx, actor, at, {
        type: 'referral.requested',
        subjectType: 'referral',
        subjectIds: [r.id, c.id, r.organisationId, r.serviceId],
        payload: {
          referralId: r.id,
          serviceId: r.serviceId,
          serviceName: r.serviceName,
          organisationId: r.organisationId,
          disposition: null,
          onward: false,
          fromReferralId: null,
          revoked: null,
          passedOver: [],
          booked: false,
          byNeed: needsRead.map((n) => n.code),
        },
      });
      const noteFlags = await this.ctx.noteFlags(c);
      messages.push(...(await this.ctx.messages.notifyReceiver(tx, at, c, r, 'referral', 'servicerequest-request', 'new', sender, noteFlags, false, externalEndpoint(service))));
      return r;
    });
    await this.ctx.messages.deliver(messages);
    return { referral, needs: needsRead };
  }

  /** The needs as capabilities (the matcher the needs search uses): an unknown one → 400 naming it. */
  private readNeeds(needs: readonly string[]): MatchedNeed[] {
    const matcher = this.ctx.deps.directory.needsMatcher;
    const problems: { path: string; message: string }[] = [];
    const read: MatchedNeed[] = [];
    needs.forEach((need, i) => {
      const m = matcher.match(need);
      if (m.ok) read.push(m.matched);
      else problems.push({ path: `body.needs.${i}`, message: m.problem });
    });
    if (problems.length) throw badRequest(problems.map((p) => p.message).join('; '), problems, 'unknown_need');
    return read;
  }
}

/** 403 with the reason when the service does not take referrals from the referrer's role. */
export function assertTakesReferralsFrom(service: Service, actor: Actor, path = 'body.serviceId'): void {
  const role = referralRoleOf(actor);
  if (service.referralRoles.includes(role)) return;
  throw new AppError(403, 'referral_role_not_accepted', `${service.name} does not take referrals from a ${role}: it takes them from ${service.referralRoles.join(', ')}`, [
    { path, message: `accepts ${service.referralRoles.join(', ')}` },
  ]);
}

function newReferral(actor: Actor, caseId: string, service: Service, summary: string, at: Date): Referral {
  // A referral by need has no triage disposition: what is needed, and when, is in its summary.
  return requestedReferral({ id: `ref_${randomUUID()}`, caseId, service, referrer: actor, at, disposition: null, summary });
}

type NeedRead = { need: string; name: string; covered: boolean };

function presentingProblemOf(needs: NeedRead[]): string {
  return `Referred by need: ${needs.map((n) => n.need).join('; ')}`.slice(0, 2000);
}

/** What the receiving service reads: the needs that are theirs, the others (met elsewhere), when, and the note. */
function summaryOf(needs: NeedRead[], when: string, note: string | undefined): string {
  const yours = needs.filter((n) => n.covered).map((n) => `${n.need} (${n.name})`);
  const others = needs.filter((n) => !n.covered).map((n) => n.need);
  const lines = [`For you: ${yours.join('; ')}.`, ...(others.length ? [`Also needs (not listed by you): ${others.join('; ')}.`] : []), `Needed: ${when.replace(/-/g, ' ')}.`];
  return [...lines, ...(note ? ['', note] : [])].join('\n').slice(0, 4000);
}
