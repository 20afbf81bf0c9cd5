/**
 * `POST /fhir/$process-message`: referrals in from other systems. A BaRS `servicerequest-request`
 * (referral) or `booking-request` message Bundle, sent with an API token of the sending organisation,
 * opens a case with the story carried across (the patient, the CarePlan outcome, the
 * QuestionnaireResponse answers, the Flags) and refers it to the receiving service's inbox — the same
 * use cases (CasesService.open, ReferralsService.refer) the front door uses, acting for the sender as a
 * referring clinician of its organisation. A `delete` cancels, an `update` changes an earlier one. One
 * transaction: the message record, the case, the referral and its inbox item commit together or not at
 * all; a repeated X-Request-ID from the same organisation is answered 409. The receiving service's
 * later answers go back to MessageHeader.source.endpoint through the referral outbox.
 * See docs/decisions/0025-fhir-referrals-in.md.
 */
import type { Bundle } from '@medplum/fhirtypes';
import type { Catalogue } from '../directory/catalogue';
import type { DirectoryService } from '../directory/service';
import type { CasesService } from '../cases/service';
import { OpenCaseSchema, UpdateCaseSchema, type Case, type CaseDisposition } from '../cases/model';
import type { Organisation } from '../identity/model';
import type { IdentityService } from '../identity/service';
import type { Actor } from '../platform/actor';
import type { Clock } from '../platform/clock';
import { inTransaction, type Db, type Tx } from '../platform/database';
import { AppError } from '../platform/errors';
import { SYSTEMS } from '../referrals/fhir';
import { ReferSchema, type Referral } from '../referrals/model';
import type { ReadAlready, ReferralsService, ResponseCopy } from '../referrals/service';
import { readInboundBundle, type InboundMessage } from './inbound-bundle';
import * as store from './inbound-store';
import { responseBundle } from './messaging';
import { FhirError, type Issue, type OperationDef } from './model';
import type { FhirRegistry } from './registry';

export const PROCESS_MESSAGE_DEFINITION = 'http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

export interface ProcessMessageDeps {
  db: Db;
  clock: Clock;
  cases: CasesService;
  referrals: ReferralsService;
  directory: DirectoryService;
  identity: IdentityService;
  catalogue: Catalogue;
}

/** What a processed message did: the case and referral, for the response message. */
interface Outcome {
  case: Case;
  referral: Referral;
}

/**
 * The receiving service's later answers to a referral that came in by `$process-message` go back to
 * the system that sent it (MessageHeader.source.endpoint), through the outbox: the referrals module's
 * `responseCopy`, wired in app.ts.
 */
export const answerToSender: ResponseCopy = async (tx, answer) => {
  const origin = await store.originOfReferral(tx, answer.referral.id);
  if (!origin) return null;
  const bundle = responseBundle({
    messageId: answer.messageId,
    at: answer.at,
    event: origin.event === 'booking-request' ? 'booking-request' : 'servicerequest-request',
    reason: 'update',
    destination: { endpoint: origin.sourceEndpoint, name: answer.referral.referredByName },
    sender: { name: answer.sender, organisationId: answer.referral.organisationId },
    case: answer.case,
    referral: answer.referral,
    respondingTo: origin.messageId,
    code: 'ok',
  });
  return { endpoint: { kind: 'fhir', address: origin.sourceEndpoint }, payload: bundle as unknown as Record<string, unknown> };
};

/** Registers `$process-message`. */
export function registerReferralsIn(registry: FhirRegistry, deps: ProcessMessageDeps): FhirRegistry {
  return registry.addOperation(processMessageOperation(deps));
}

export function processMessageOperation(deps: ProcessMessageDeps): OperationDef {
  return {
    name: 'process-message',
    definition: PROCESS_MESSAGE_DEFINITION,
    documentation:
      'Referrals in (BaRS): a servicerequest-request or booking-request message Bundle (reason new, update or delete) from a system with an API token of its organisation; answers with the response message',
    access: ['system'],
    affectsState: true,
    bodyType: 'Bundle',
    parameters: [
      { name: 'content', use: 'in', min: 1, max: '1', type: 'Bundle', documentation: 'The message Bundle (the request body); X-Request-ID must be unique per message' },
      { name: 'return', use: 'out', min: 0, max: '1', type: 'Bundle', documentation: 'The response message: MessageHeader.response names the message answered' },
    ],
    async run(ctx, input, request) {
      const sender = ctx.actor;
      if (!sender.organisationId) throw new FhirError(403, [{ severity: 'error', code: 'forbidden', diagnostics: 'The API token must belong to an organisation to send referrals' }]);
      const requestId = request.headers.get('x-request-id') ?? '';
      if (!REQUEST_ID.test(requestId)) {
        throw new FhirError(400, [{ severity: 'error', code: 'required', diagnostics: 'X-Request-ID is required: a unique id for this message (letters, digits, . _ : -, up to 200)', expression: ['X-Request-ID'] }]);
      }
      const message = readInboundBundle(input.resource as Bundle);
      // The sender's organisation (for the reply) is read meanwhile: one round trip fewer to wait for.
      const organisationRead = deps.identity.getOrganisation(sender.organisationId);
      organisationRead.catch(() => undefined);
      const processor = new MessageProcessor(deps, sender, requestId, message, organisationRead);
      const outcome = await processor.run();
      const organisation = await organisationRead;
      const bundle = responseBundle({
        messageId: crypto.randomUUID(),
        at: deps.clock.now(),
        event: message.event,
        reason: message.reason,
        destination: { endpoint: message.sourceEndpoint, name: organisation.name, odsCode: organisation.odsCode ?? null },
        sender: { name: outcome.referral.serviceName, organisationId: outcome.referral.organisationId },
        case: outcome.case,
        referral: outcome.referral,
        respondingTo: message.messageId,
        code: 'ok',
      });
      return { resource: bundle };
    },
  };
}

/** One message, processed in one transaction. */
class MessageProcessor {
  /** The sender as the front door's use cases see it: a referring clinician of its organisation. */
  private readonly acting: Actor;
  /** Read before the transaction, and given to the referral so that it is not read again inside it. */
  private read: ReadAlready = {};

  constructor(
    private readonly deps: ProcessMessageDeps,
    private readonly sender: Actor,
    private readonly requestId: string,
    private readonly message: InboundMessage,
    private readonly organisation: Promise<Organisation>,
  ) {
    this.acting = { kind: sender.kind, id: sender.id, name: message.senderName ? `${sender.name} (${message.senderName})` : sender.name, organisationId: sender.organisationId, roles: ['clinician'] };
  }

  async run(): Promise<Outcome> {
    const m = this.message;
    const organisationId = this.sender.organisationId!;
    // Both before the transaction, at once (each is one read): the codes and service first, then the
    // repeat, as a message that is both invalid and repeated has always been answered.
    const [checked, seen, organisation] = await Promise.allSettled([m.reason === 'new' ? this.checkCodes() : Promise.resolve(), store.requestSeen(this.deps.db, organisationId, this.requestId), this.organisation]);
    if (checked.status === 'rejected') throw checked.reason;
    if (seen.status === 'rejected') throw seen.reason;
    if (seen.value) throw duplicate(this.requestId);
    // As the referral would name the sender (ReferralsContext's organisation scopes): its id if it has no record.
    this.read.senderName = organisation.status === 'fulfilled' ? organisation.value.name : organisationId;
    try {
      return await inTransaction(this.deps.db, async (tx) => {
        const outcome = await this.mapErrors(() => (m.reason === 'new' ? this.create(tx) : this.change()));
        await store.insertInbound(tx, {
          organisationId,
          requestId: this.requestId,
          messageId: m.messageId,
          event: m.event,
          reason: m.reason,
          sourceEndpoint: m.sourceEndpoint,
          senderReference: m.senderReference,
          referralId: outcome.referral.id,
          caseId: outcome.case.id,
          receivedAt: this.deps.clock.now(),
        });
        return outcome;
      });
    } catch (error) {
      // Two requests with one X-Request-ID at once: the second waits on the unique key, then fails here.
      if (isUniqueViolation(error)) throw duplicate(this.requestId);
      throw error;
    }
  }

  /** A new referral: the case with its story, then the referral (and booking) to the service. */
  private async create(tx: Tx): Promise<Outcome> {
    const m = this.message;
    const parsed = OpenCaseSchema.safeParse({ ...m.openCase, flags: m.flags });
    if (!parsed.success) throw this.invalid(parsed.error.issues);
    const opened = await this.deps.cases.open(this.acting, parsed.data);
    const locked = await this.deps.cases.lockOpen(tx, opened.case.id);
    await this.deps.cases.setDisposition(tx, this.acting, this.deps.clock.now(), locked, this.disposition(locked));
    const refer = ReferSchema.parse({ serviceId: m.serviceId.value, ...(m.slotId ? { slotId: m.slotId.value } : {}), ...(m.summary ? { summary: m.summary } : {}) });
    const { referral } = await this.deps.referrals.refer(this.acting, opened.case.id, refer, { ...this.read, case: locked });
    return { case: await this.deps.cases.get(opened.case.id), referral };
  }

  /** A cancellation or an update of a referral an earlier message of this organisation created. */
  private async change(): Promise<Outcome> {
    const m = this.message;
    const earlier = m.senderReference ? await store.referralOfSenderReference(this.deps.db, this.sender.organisationId!, m.senderReference) : undefined;
    if (!earlier) {
      throw new FhirError(422, [{ severity: 'error', code: 'not-found', diagnostics: `No earlier referral from your organisation has this ServiceRequest identifier (${m.senderReference ?? 'none given'})`, expression: ['Bundle.entry[0].resource.focus[0]'] }]);
    }
    if (m.reason === 'delete') {
      const { referral } = await this.deps.referrals.cancel(this.acting, earlier.referralId, { reason: m.cancelReason });
      return { case: await this.deps.cases.get(earlier.caseId), referral };
    }
    const update = UpdateCaseSchema.safeParse({ patient: (m.openCase as { patient: unknown }).patient, flags: m.flags });
    if (!update.success) throw this.invalid(update.error.issues);
    const c = await this.deps.cases.get(earlier.caseId);
    if (c.status === 'open') await this.deps.cases.update(this.acting, earlier.caseId, update.data);
    if (m.slotId) await this.deps.referrals.book(this.acting, earlier.referralId, { slotId: m.slotId.value });
    const { referral } = await this.deps.referrals.get(this.acting, earlier.referralId);
    return { case: await this.deps.cases.get(earlier.caseId), referral };
  }

  /** The CarePlan's outcome and the QuestionnaireResponse's answers as the case's disposition. */
  private disposition(c: Case): CaseDisposition {
    const m = this.message;
    const base = { report: m.report, careAdvice: m.careAdvice } as unknown as CaseDisposition;
    return this.deps.cases.clinicianDisposition(
      this.acting,
      m.disposition!.value,
      this.deps.clock.now(),
      { symptomGroup: m.symptomGroup?.value, symptomDiscriminator: m.discriminator?.value, summary: m.summary, nation: this.deps.cases.nationOfCase(c) },
      base,
    );
  }

  /** Disposition, symptom group and discriminator known to the catalogue; the destination service exists. */
  private async checkCodes(): Promise<void> {
    const m = this.message;
    const issues: Issue[] = [];
    const unknown = (path: string, diagnostics: string) => issues.push({ severity: 'error', code: 'code-invalid', diagnostics, expression: [path] });
    if (m.disposition && !this.deps.catalogue.disposition(m.disposition.value)) unknown(m.disposition.path, `Unknown disposition ${m.disposition.value} (${SYSTEMS.disposition})`);
    if (m.symptomGroup && !this.deps.catalogue.symptomGroup(m.symptomGroup.value)) unknown(m.symptomGroup.path, `Unknown symptom group ${m.symptomGroup.value} (${SYSTEMS.symptomGroup})`);
    if (m.discriminator && !this.deps.catalogue.discriminator(m.discriminator.value)) unknown(m.discriminator.path, `Unknown symptom discriminator ${m.discriminator.value} (${SYSTEMS.symptomDiscriminator})`);
    const service = await this.deps.directory.find(m.serviceId.value);
    this.read.service = service;
    if (!service) issues.push({ severity: 'error', code: 'not-found', diagnostics: `HealthcareService/${m.serviceId.value} is not in the directory`, expression: [m.serviceId.path] });
    if (issues.length) throw new FhirError(422, issues);
  }

  /** zod issues of the case input, each naming the Bundle element it came from. */
  private invalid(issues: { path: PropertyKey[]; message: string }[]): FhirError {
    return new FhirError(
      422,
      issues.map((issue) => {
        const field = issue.path.map(String).join('.');
        return { severity: 'error', code: 'invalid', diagnostics: `${field}: ${issue.message}`, expression: [this.fhirPathOf(field)] };
      }),
    );
  }

  private fhirPathOf(field: string): string {
    const paths = this.message.fieldPaths;
    for (let parts = field.split('.'); parts.length; parts = parts.slice(0, -1)) {
      const path = paths.get(parts.join('.'));
      if (path) return path;
    }
    if (field.startsWith('flags')) return 'Bundle.entry';
    return 'Bundle';
  }

  /** A platform error from the use cases (an inactive service, a slot taken) as an OperationOutcome naming the element. */
  private async mapErrors<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const m = this.message;
      const pathOf = (path: string) =>
        path === 'serviceId' ? m.serviceId.path : path === 'slotId' && m.slotId ? m.slotId.path : path.startsWith('body.') ? this.fhirPathOf(path.slice(5)) : 'Bundle';
      // A slot taken meanwhile is a conflict with another booking (409), as BaRS has it; the free ones are named.
      const status: 400 | 409 | 422 = error.code === 'slot_taken' || error.status === 409 ? 409 : error.status === 404 || error.status === 422 ? 422 : 400;
      const details = error.details.length ? error.details : [{ path: '', message: error.message }];
      throw new FhirError(
        status,
        details.map((d) =>
          d.path.startsWith('alternatives.')
            ? { severity: 'information', code: 'informational', diagnostics: `Free slot: Slot/${d.message.replace(/^slot_/, 'slot-')}` }
            : { severity: 'error', code: status === 409 ? 'conflict' : 'processing', diagnostics: d.path ? `${error.message} (${d.message})` : error.message, expression: [pathOf(d.path)] },
        ),
      );
    }
  }
}

const duplicate = (requestId: string) =>
  new FhirError(409, [{ severity: 'error', code: 'duplicate', diagnostics: `A message with X-Request-ID ${requestId} was already received from your organisation`, expression: ['X-Request-ID'] }]);

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  return e?.code === '23505' && String(e.constraint ?? e.message ?? '').includes('fhir_inbound_messages');
}
