import type { Hono } from 'hono';
import { authMiddleware } from './platform/auth';
import { clientAddressResolver } from './platform/client-address';
import { apiReplyHeaders } from './platform/reply-headers';
import { systemClock, type Clock } from './platform/clock';
import type { Config } from './platform/config';
import { realSleep, type Platform } from './platform/context';
import type { Database } from './platform/database';
import { EventFollower } from './platform/events';
import { createLogger, Lifecycle, type Log } from './platform/log';
import { createHttpApp, mountRoutes, type HttpEnv, type RouteDef } from './platform/http';
import { migrate } from './platform/migrate';
import { openApiDocument } from './platform/openapi';
import { platformRoutes } from './platform/routes';
import { identityRoutes } from './identity/routes';
import { IdentityService } from './identity/service';
import { AccountsService, AUTH_CHANGING_EVENTS } from './identity/accounts';
import { accountRoutes } from './identity/account-routes';
import { Catalogue } from './directory/catalogue';
import { BankHolidayCalendar } from './directory/bank-holidays';
import { GeoService } from './geo/service';
import { geoRoutes } from './geo/routes';
import { DirectoryService } from './directory/service';
import { directoryRoutes } from './directory/routes';
import { ChangeScheduler } from './directory/scheduled-changes';
import { TriageService } from './triage/service';
import { triageRoutes } from './triage/routes';
import { SafetyService } from './triage/safety';
import { safetyRoutes } from './triage/safety-routes';
import { CapacityService } from './capacity/service';
import { capacityRoutes } from './capacity/routes';
import { SearchService } from './search/service';
import { searchRoutes } from './search/routes';
import { InsightService } from './insight/service';
import { insightRoutes } from './insight/routes';
import { CoverageAnalysis } from './insight/coverage';
import { coverageRoutes } from './insight/coverage-routes';
import { mountWeb } from './platform/web';
import { onlineRoutes } from './online/routes';
import { OnlineService } from './online/service';
import { CasesService } from './cases/service';
import { casesRoutes } from './cases/routes';
import { ReferralCaseRelations, ReferralsService } from './referrals/service';
import { referralsRoutes } from './referrals/routes';
import { referByNeedRoutes } from './referrals/by-need-routes';
import { DeliveryWorker, type DeliveryTransport } from './referrals/delivery';
import { FhirRegistry } from './fhir/registry';
import { registerPatientResources } from './fhir/patient-resources-service';
import { registerQuestionnaires } from './fhir/questionnaire-service';
import { answerToSender, registerReferralsIn } from './fhir/process-message-service';
import { isFhirPath, mountFhir, type FhirRoute } from './fhir/routes';
import { registerDirectory } from './fhir/service';
import { ModellingService } from './modelling/service';
import { modellingRoutes } from './modelling/routes';
import { CostModelService } from './modelling/cost-service';
import type { Baseline, BaselineOptions } from './modelling/baseline';
import { costRoutes } from './modelling/cost-routes';
import { TelephonyService } from './telephony/service';
import { DemoHistory } from './modelling/history-service';
import { demoRoutes } from './modelling/history-routes';
import { telephonyRoutes } from './telephony/routes';
import { SurgeService } from './modelling/surge-service';
import { surgeRoutes } from './modelling/surge-routes';

export interface SignpostOptions {
  database: Database;
  config: Config;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  catalogue?: Catalogue;
  /** Timers such as the capacity reset; tests switch them off and call the jobs themselves. */
  backgroundJobs?: boolean;
  /** Referral delivery: the transport to external endpoints, and whether to send at all (default: config.externalDelivery). */
  delivery?: { transport?: DeliveryTransport; external?: boolean };
  /** The logger (default: JSON lines on stdout at the configured level). */
  log?: Log;
}

export interface Signpost {
  app: Hono<HttpEnv>;
  platform: Platform;
  events: EventFollower;
  catalogue: Catalogue;
  identity: IdentityService;
  accounts: AccountsService;
  geo: GeoService;
  directory: DirectoryService;
  /** Applies directory changes approved to take effect from a date, at that moment (decision 0034). */
  scheduledChanges: ChangeScheduler;
  triage: TriageService;
  capacity: CapacityService;
  search: SearchService;
  insight: InsightService;
  coverage: CoverageAnalysis;
  cases: CasesService;
  referrals: ReferralsService;
  telephony: TelephonyService;
  surge: SurgeService;
  /** The demo's simulated history (written on first start of the demo, or by `signpost demo-history`). */
  history: DemoHistory;
  online: OnlineService;
  costs: CostModelService;
  delivery: DeliveryWorker;
  modelling: ModellingService;
  routes: RouteDef[];
  /** The FHIR server at /fhir: what it serves (add resource types and operations here) and its routes. */
  fhir: { registry: FhirRegistry; routes: FhirRoute[] };
  close(): Promise<void>;
}

/** Wires the modules together over one database: migrations, services, routes, the event follower. */
export async function createSignpost(options: SignpostOptions): Promise<Signpost> {
  const { database, config } = options;
  await migrate(database);
  const platform: Platform = {
    database,
    db: database.db,
    clock: options.clock ?? systemClock,
    config,
    log: options.log ?? createLogger(config),
    lifecycle: new Lifecycle(),
    sleep: options.sleep ?? realSleep,
  };
  const catalogue = options.catalogue ?? Catalogue.load(config.referenceDir);
  const holidays = new BankHolidayCalendar();
  const events = new EventFollower(database, platform);

  const identity = new IdentityService(platform);
  const accounts = new AccountsService(platform, identity);
  const geo = new GeoService(platform);
  await geo.loadShippedGeography();
  const directory = new DirectoryService(platform, { catalogue, holidays, identity, geo });
  await directory.loadHolidayOverrides();
  const scheduledChanges = new ChangeScheduler(platform, directory);
  const safety = new SafetyService(platform);
  const triage = new TriageService(platform, { catalogue, safetyGuard: safety });
  await triage.ensureShippedPack();

  const capacity = new CapacityService(platform, { directory, identity, events });
  if (options.backgroundJobs !== false) capacity.startExpiryJob();
  const search = new SearchService(platform, { catalogue, geo, directory, capacity, holidays, events });
  await search.build();
  const insight = new InsightService(platform);
  const coverage = new CoverageAnalysis({ search, geo, directory, identity, catalogue, events });
  const delivery = new DeliveryWorker(platform, {
    transport: options.delivery?.transport,
    external: options.delivery?.external ?? config.externalDelivery,
  });
  // What cases need to know of their referrals (access, closing, the post-event message, the case
  // view's referrals): the referrals module answers, through an interface cases declare (decision 0023).
  const caseRelations = new ReferralCaseRelations(platform, { identity, delivery });
  const telephony = new TelephonyService(platform);
  const surge = new SurgeService(platform, { events, geo });
  if (options.backgroundJobs !== false) surge.startJob();
  const cases = new CasesService(platform, { catalogue, directory, events, triage: () => triage, search: () => search, relations: caseRelations, telephony });
  const referrals = new ReferralsService(platform, { cases, directory, identity, catalogue, delivery, events, responseCopy: answerToSender });
  const online = new OnlineService(platform, { triage, geo, catalogue, search: () => search, cases: () => cases });
  // Costs price the modelling baseline, and every modelling run is priced by the costs: the baseline is
  // asked for only at request time, when both exist.
  const costs: CostModelService = new CostModelService(platform, { identity, baseline: (options: BaselineOptions): Promise<Baseline> => modelling.baseline(options) });
  const modelling: ModellingService = new ModellingService(platform, { directory, geo, catalogue, identity, events, costs });

  const history = new DemoHistory(platform, { directory, geo, catalogue, identity, telephony, cases, referrals, capacity });

  events.subscribe((event) => {
    if (event.type.startsWith('organisation.')) identity.forgetOrganisationTrees();
    if (AUTH_CHANGING_EVENTS.has(event.type)) identity.forgetCachedActors();
    if (event.type.startsWith('bank_holiday.')) void directory.loadHolidayOverrides();
    scheduledChanges.follow(event);
  });
  await events.start();
  if (options.backgroundJobs !== false) await delivery.start(events);
  if (options.backgroundJobs !== false) scheduledChanges.start();

  const app = createHttpApp({ log: platform.log });
  app.use('/api/*', apiReplyHeaders());
  app.use('/api/*', authMiddleware(identity, config.allowedOrigins));
  const clientAddress = clientAddressResolver(config.trustedProxies);
  const routes: RouteDef[] = [
    ...platformRoutes(platform, () => openApiDocument(routes, { title: 'Signpost API', version: '0.1.0' })),
    ...accountRoutes(accounts),
    ...identityRoutes(identity, { secureCookies: config.secureCookies, clientAddress }),
    ...geoRoutes(geo),
    ...directoryRoutes(directory, catalogue),
    ...triageRoutes(triage, safety),
    ...safetyRoutes(safety),
    ...capacityRoutes(capacity),
    ...searchRoutes(search),
    ...insightRoutes(insight),
    ...coverageRoutes(coverage),
    ...casesRoutes(cases),
    ...referralsRoutes(referrals, platform),
    ...referByNeedRoutes(referrals),
    ...onlineRoutes(online, { clientAddress }),
    ...modellingRoutes(modelling),
    ...costRoutes(costs),
    ...telephonyRoutes(telephony),
    ...surgeRoutes(surge),
    ...demoRoutes(history),
  ];
  mountRoutes(app, routes, { db: platform.db, clock: platform.clock, idempotencyTestPause: config.idempotencyTestPause, checkReplies: config.checkReplies });
  // The FHIR server (not part of the OpenAPI document: its CapabilityStatement describes it). Before the
  // web app, which would otherwise answer /fhir paths with its HTML.
  const fhirRegistry = registerDirectory(new FhirRegistry(), { search, directory, identity, catalogue, referrals, clock: platform.clock });
  registerPatientResources(fhirRegistry, { db: platform.db, clock: platform.clock, cases, referrals });
  registerQuestionnaires(fhirRegistry, { triage });
  registerReferralsIn(fhirRegistry, { db: platform.db, clock: platform.clock, cases, referrals, directory, identity, catalogue });
  const fhirServer = mountFhir(app, fhirRegistry, {
    authenticator: identity,
    allowedOrigins: config.allowedOrigins,
    log: platform.log,
    software: { name: 'Signpost', version: '0.1.0' },
    startedAt: platform.clock.now(),
  });
  mountWeb(app);
  app.notFound((c) => (isFhirPath(c.req.path) ? fhirServer.notFound(c) : c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}`, details: [], requestId: c.get('requestId') } }, 404)));

  return {
    app,
    platform,
    events,
    catalogue,
    identity,
    accounts,
    geo,
    directory,
    scheduledChanges,
    capacity,
    triage,
    search,
    insight,
    coverage,
    cases,
    referrals,
    telephony,
    surge,
    history,
    online,
    costs,
    delivery,
    modelling,
    routes,
    fhir: { registry: fhirRegistry, routes: fhirServer.routes },
    async close() {
      // First: work still in flight now fails because the database goes away, and says so quietly.
      platform.lifecycle.beginShutdown();
      capacity.stop();
      await scheduledChanges.stop();
      surge.stop();
      await search.close();
      await coverage.close();
      await modelling.close();
      await delivery.stop();
      await events.stop();
      await database.close();
    },
  };
}
