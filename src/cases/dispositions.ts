// A case's disposition: from a triage outcome or a clinician, with its deadline counted on the
// patient's nation's working days, and how a clinician's validation compares with the original.
import type { Actor } from '../platform/actor';
import { recordChange } from '../platform/context';
import type { Tx } from '../platform/database';
import { badRequest } from '../platform/errors';
import type { Disposition } from '../directory/catalogue';
import type { Nation } from '../directory/opening-hours';
import { bankHolidayNationOfPostcode } from '../geo/postcode-nation';
import type { SessionView } from '../triage/service';
import { dispositionSetEvent } from './case-events';
import type { CasesContext } from './context';
import type { Case, CaseDisposition, QueueOutcome } from './model';
import { callbackMinutes, deadlineOf, REPEAT_CALLER_CALLBACK_MINUTES, validationVerdictOf, type QueueDecision } from './queue';
import { matchKeysOf } from './repeat-caller';
import * as store from './store';

export class CaseDispositions {
  constructor(private readonly ctx: CasesContext) {}

  private get catalogue() {
    return this.ctx.deps.catalogue;
  }

  /** Sets the case's disposition inside a transaction (a clinician's, or one given with a referral). */
  async setDisposition(tx: Tx, actor: Actor, at: Date, c: Case, disposition: CaseDisposition): Promise<void> {
    c.disposition = disposition;
    c.updatedAt = at;
    await store.saveCase(tx, c, matchKeysOf(c.patient));
    await recordChange(tx, actor, at, dispositionSetEvent(c.id, disposition));
  }

  /**
   * A disposition from the catalogue, with its deadline from now. The symptom group and discriminator
   * are the clinician's where given (the directory is searched with them), else those of `base`.
   */
  clinicianDisposition(actor: Actor, code: string, at: Date, extra: { symptomGroup?: number; symptomDiscriminator?: string; summary?: string | null; nation?: Nation } = {}, base?: CaseDisposition | null): CaseDisposition {
    const d = this.catalogue.disposition(code);
    if (!d) throw badRequest(`Unknown disposition ${code}`, [{ path: 'body.disposition', message: 'unknown disposition' }]);
    const sg = extra.symptomGroup ?? base?.symptomGroup ?? null;
    const sd = extra.symptomDiscriminator ?? base?.symptomDiscriminator ?? null;
    if (extra.symptomGroup && !this.catalogue.symptomGroup(extra.symptomGroup)) throw badRequest(`Unknown symptom group ${extra.symptomGroup}`, [{ path: 'body.symptomGroup', message: 'unknown' }]);
    if (extra.symptomDiscriminator && !this.catalogue.discriminator(extra.symptomDiscriminator)) throw badRequest(`Unknown symptom discriminator ${extra.symptomDiscriminator}`, [{ path: 'body.symptomDiscriminator', message: 'unknown' }]);
    return {
      code: d.code,
      title: d.title,
      group: d.group,
      symptomGroup: sg,
      symptomGroupTitle: sg ? (this.catalogue.symptomGroup(sg)?.title ?? null) : null,
      symptomDiscriminator: sd,
      symptomDiscriminatorTitle: sd ? (this.catalogue.discriminator(sd)?.title ?? null) : null,
      source: 'clinician',
      triageSessionId: null,
      setAt: at,
      setBy: actor.id,
      setByName: actor.name,
      dueBy: this.deadline(d, at, extra.nation ?? 'england-and-wales'),
      validation: null,
      summary: extra.summary ?? null,
      report: base?.report ?? [],
      ...(base?.triageContent ? { triageContent: base.triageContent } : {}),
      careAdvice: base?.careAdvice ?? [],
    };
  }

  /** The disposition a finished triage session gives the case. */
  triageDisposition(actor: Actor, at: Date, view: SessionView, nation: Nation): CaseDisposition {
    const o = view.outcome!;
    const d = this.catalogue.disposition(o.disposition);
    if (!d) throw badRequest(`The triage outcome ${o.disposition} is not in the disposition catalogue`);
    return {
      code: o.disposition,
      title: o.dispositionTitle,
      group: d.group,
      symptomGroup: o.symptomGroup,
      symptomGroupTitle: o.symptomGroupTitle,
      symptomDiscriminator: o.symptomDiscriminator,
      symptomDiscriminatorTitle: o.symptomDiscriminatorTitle,
      source: 'triage',
      triageSessionId: view.session.id,
      setAt: at,
      setBy: actor.id,
      setByName: actor.name,
      dueBy: this.deadline(d, at, nation),
      validation: null,
      summary: o.reportText,
      report: o.report.map((r) => ({ nodeId: r.nodeId, question: r.question, answer: r.answer, kind: r.kind, value: r.value })),
      triageContent: { contentVersion: o.contentVersion, pathwayId: o.entryPathwayId ?? o.pathwayId },
      careAdvice: o.careAdvice.map((a) => a.title),
    };
  }

  /** A repeat caller must at least speak to a clinician: a Dx35 call-back unless something sooner is due. */
  repeatCallerDecision(): QueueDecision {
    const d = this.catalogue.disposition('Dx35');
    return { reason: 'repeat-caller', disposition: 'Dx35', validationOf: null, minutes: d ? callbackMinutes(d.timeframe) : REPEAT_CALLER_CALLBACK_MINUTES };
  }

  /** Whose bank holidays count a case's working days: where the patient is now, else where they live. */
  nationOfCase(c: { currentLocation: { postcode: string } | null; patient: { postcode: string | null } }): Nation {
    const postcode = c.currentLocation?.postcode ?? c.patient.postcode;
    return postcode ? bankHolidayNationOfPostcode(postcode) : 'england-and-wales';
  }

  /** Whether a validated ambulance or ED outcome stood, changed, or was made less urgent. */
  validationVerdict(original: string, decided: string): QueueOutcome['validation'] {
    return validationVerdictOf(this.catalogue, original, decided);
  }

  private deadline(d: Disposition, at: Date, nation: Nation): Date | null {
    return deadlineOf(d.timeframe, at, { lookup: this.ctx.deps.directory.holidays, nation });
  }
}
