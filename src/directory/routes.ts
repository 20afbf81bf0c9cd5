import { ApprovedChangeReply, BankHolidaysReply, ChangeReply, ChangesReply, ChangeWithDiffReply, DispositionsReply, HolidayOverridesReply, RankingsReply, ServiceHistoryReply, ServiceListReply, ServiceSchema, ServicesReply, ServiceTypesReply, ServiceWithOpeningReply, SymptomDiscriminatorsReply, SymptomGroupsReply } from './model';
import { NoContent, type HandlerReply } from '../platform/replies';
import { z } from 'zod';
import { IdParam, route, type RouteDef } from '../platform/http';
import type { Catalogue } from './catalogue';
import {
  APPROVERS,
  ApproveSchema,
  ChangeStatuses,
  DecisionSchema,
  EDITORS,
  HolidayDate,
  HolidayOverrideSchema,
  MAX_SERVICE_TYPE_ID,
  ProposeCloseSchema,
  ProposeCreateSchema,
  ProposeUpdateSchema,
  RankingSchema,
  ServiceListQuery,
} from './model';
import { NationSchema } from './opening-hours';
import type { DirectoryService } from './service';

const ChangeIdParam = z.object({ id: z.string().regex(/^chg_[0-9a-f-]{36}$/, 'a change id like chg_…') });

export function directoryRoutes(directory: DirectoryService, catalogue: Catalogue): RouteDef[] {
  return [
    ...referenceRoutes(catalogue),
    route({
      method: 'get',
      path: '/api/directory/services',
      summary: 'List and filter directory services',
      tag: 'directory',
      access: 'signed-in',
      query: ServiceListQuery,
      response: ServiceListReply,
      async handle({ query }) {
        return directory.list(query);
      },
    }),
    route({
      method: 'post',
      path: '/api/directory/services',
      summary: 'Propose a new service (applies when a second person approves it)',
      tag: 'directory',
      access: EDITORS,
      body: ProposeCreateSchema,
      status: 202,
      response: ChangeReply,
      async handle({ actor, body }) {
        return { change: await directory.namedOne(await directory.proposeCreate(actor, body)) };
      },
    }),
    route({
      method: 'get',
      path: '/api/directory/services/:id',
      summary: 'One service, with whether it is open now and when it next opens or closes',
      tag: 'directory',
      access: 'signed-in',
      params: IdParam,
      query: z.object({ at: z.iso.datetime({ offset: true }).optional() }),
      response: ServiceWithOpeningReply,
      async handle({ params, query }) {
        const service = await directory.get(params.id);
        const at = query.at ? new Date(query.at) : new Date();
        return { service, opening: directory.openingStatus(service, at) };
      },
    }),
    route({
      method: 'patch',
      path: '/api/directory/services/:id',
      summary: 'Propose changes to a service: each named section is replaced whole on approval, or from effectiveFrom if given',
      tag: 'directory',
      access: EDITORS,
      params: IdParam,
      body: ProposeUpdateSchema,
      status: 202,
      response: ChangeReply,
      async handle({ actor, params, body }) {
        return { change: await directory.namedOne(await directory.proposeUpdate(actor, params.id, body)) };
      },
    }),
    route({
      method: 'delete',
      path: '/api/directory/services/:id',
      summary: 'Propose closing a service (services are never deleted: their history stays)',
      tag: 'directory',
      access: EDITORS,
      params: IdParam,
      body: ProposeCloseSchema,
      status: 202,
      response: ChangeReply,
      async handle({ actor, params, body }) {
        return { change: await directory.namedOne(await directory.proposeUpdate(actor, params.id, { reason: body.reason, changes: { status: 'closed' }, effectiveFrom: body.effectiveFrom })) };
      },
    }),
    route({
      method: 'get',
      path: '/api/directory/services/:id/history',
      summary: 'Every version of a service: who, when, why and what changed',
      tag: 'directory',
      access: 'signed-in',
      params: IdParam,
      response: ServiceHistoryReply,
      async handle({ params }) {
        return { versions: await directory.history(params.id) };
      },
    }),
    route({
      method: 'post',
      path: '/api/directory/services/:id/verify',
      summary: 'Record that the profile was checked and is correct; sets the next verification date',
      tag: 'directory',
      access: EDITORS,
      params: IdParam,
      response: ServiceSchema,
      async handle({ actor, params }) {
        return directory.verify(actor, params.id);
      },
    }),
    route({
      method: 'get',
      path: '/api/directory/verification-due',
      summary: 'Services whose verification is due within the given days (overdue first)',
      tag: 'directory',
      access: EDITORS,
      query: z.object({ withinDays: z.coerce.number().int().min(0).max(365).default(30) }),
      response: ServicesReply,
      async handle({ actor, query }) {
        return { services: await directory.verificationDue(actor, query.withinDays) };
      },
    }),
    route({
      method: 'get',
      path: '/api/directory/changes',
      summary: 'Proposed changes (the approvals queue with status=pending)',
      tag: 'directory',
      access: [...EDITORS, 'commissioner'],
      query: z.object({
        status: z.enum(ChangeStatuses).optional(),
        serviceId: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: ChangesReply,
      async handle({ actor, query }) {
        return { changes: await directory.changes(actor, query) };
      },
    }),
    route({
      method: 'get',
      path: '/api/directory/changes/:id',
      summary: 'One proposed change with a field-by-field diff against the service as it is now',
      tag: 'directory',
      access: [...EDITORS, 'commissioner'],
      params: ChangeIdParam,
      response: ChangeWithDiffReply,
      async handle({ actor, params }) {
        return directory.change(actor, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/directory/changes/:id/approve',
      summary: 'Approve a change (not your own): it applies atomically and becomes a new version — or, with a future effectiveFrom, is scheduled to apply then',
      tag: 'directory',
      access: APPROVERS,
      params: ChangeIdParam,
      body: ApproveSchema,
      response: ApprovedChangeReply,
      async handle({ actor, params, body }) {
        const { change, service } = await directory.approve(actor, params.id, body);
        return { change: await directory.namedOne(change), service };
      },
    }),
    route({
      method: 'post',
      path: '/api/directory/changes/:id/reject',
      summary: 'Reject a change, with a reason (also a scheduled one, before its date)',
      tag: 'directory',
      access: APPROVERS,
      params: ChangeIdParam,
      body: DecisionSchema,
      response: ChangeReply,
      async handle({ actor, params, body }) {
        return { change: await directory.namedOne(await directory.reject(actor, params.id, body)) };
      },
    }),
    route({
      method: 'post',
      path: '/api/directory/changes/:id/withdraw',
      summary: 'Withdraw your own proposal, pending or scheduled',
      tag: 'directory',
      access: EDITORS,
      params: ChangeIdParam,
      response: ChangeReply,
      async handle({ actor, params }) {
        return { change: await directory.namedOne(await directory.withdraw(actor, params.id)) };
      },
    }),
    route({
      method: 'get',
      path: '/api/directory/rankings',
      summary: 'Ranking strategies per area and service type (1 = first)',
      tag: 'directory',
      access: 'signed-in',
      response: RankingsReply,
      async handle() {
        return { rankings: await directory.listRankings() };
      },
    }),
    route({
      method: 'put',
      path: '/api/directory/rankings',
      summary: "Set an area's rank for a service type",
      tag: 'directory',
      access: APPROVERS,
      body: RankingSchema,
      response: RankingSchema,
      async handle({ actor, body }) {
        return directory.setRanking(actor, body);
      },
    }),
    route({
      method: 'delete',
      path: '/api/directory/rankings/:areaCode/:serviceTypeId',
      summary: "Remove an area's rank for a service type (the national rank applies again)",
      tag: 'directory',
      access: APPROVERS,
      params: z.object({ areaCode: z.string().min(1), serviceTypeId: z.coerce.number().int().positive().max(MAX_SERVICE_TYPE_ID) }),
      status: 204,
      response: NoContent,
      async handle({ actor, params }) {
        await directory.removeRanking(actor, params.areaCode, params.serviceTypeId);
      },
    }),
    route({
      method: 'get',
      path: '/api/directory/bank-holidays',
      summary: 'Bank holidays of a nation in a year (with local overrides applied)',
      tag: 'directory',
      access: 'public',
      query: z.object({ nation: NationSchema.default('england-and-wales'), year: z.coerce.number().int().min(1990).max(2100) }),
      response: BankHolidaysReply,
      async handle({ query }) {
        return { nation: query.nation, year: query.year, holidays: directory.holidays.holidays(query.nation, query.year) };
      },
    }),
    route({
      method: 'get',
      path: '/api/directory/bank-holidays/overrides',
      summary: 'One-off bank holidays added or removed locally',
      tag: 'directory',
      access: 'signed-in',
      response: HolidayOverridesReply,
      async handle() {
        return { overrides: await directory.listHolidayOverrides() };
      },
    }),
    route({
      method: 'put',
      path: '/api/directory/bank-holidays/overrides',
      summary: 'Add a one-off bank holiday, or remove one the calendar has',
      tag: 'directory',
      access: APPROVERS,
      body: HolidayOverrideSchema,
      response: HolidayOverrideSchema,
      async handle({ actor, body }) {
        return directory.setHolidayOverride(actor, body);
      },
    }),
    route({
      method: 'delete',
      path: '/api/directory/bank-holidays/overrides/:nation/:date',
      summary: 'Remove a bank holiday override',
      tag: 'directory',
      access: APPROVERS,
      params: z.object({ nation: NationSchema, date: HolidayDate }),
      status: 204,
      response: NoContent,
      async handle({ actor, params }) {
        await directory.removeHolidayOverride(actor, params.nation, params.date);
      },
    }),
  ];
}

function referenceRoutes(catalogue: Catalogue): RouteDef[] {
  const list = <R extends z.ZodType>(path: string, summary: string, response: R, read: () => z.input<R>) =>
    route({ method: 'get', path, summary, tag: 'reference', access: 'public', response, async handle() { return read() as HandlerReply<R>; } });
  return [
    list('/api/reference/dispositions', 'Disposition catalogue (code, title, timeframe, group)', DispositionsReply, () => ({ dispositions: catalogue.dispositions })),
    list('/api/reference/symptom-groups', 'Symptom groups', SymptomGroupsReply, () => ({ symptomGroups: catalogue.symptomGroups })),
    list('/api/reference/symptom-discriminators', 'Symptom discriminators', SymptomDiscriminatorsReply, () => ({ symptomDiscriminators: catalogue.discriminators })),
    list('/api/reference/service-types', 'Service types with national rank and per-search limits', ServiceTypesReply, () => ({ serviceTypes: catalogue.serviceTypes })),
  ];
}
