import type { Hono } from 'hono';
import { authMiddleware } from './platform/auth';
import { systemClock, type Clock } from './platform/clock';
import type { Config } from './platform/config';
import { realSleep, type Platform } from './platform/context';
import type { Database } from './platform/database';
import { EventFollower } from './platform/events';
import { createHttpApp, mountRoutes, type HttpEnv, type RouteDef } from './platform/http';
import { migrate } from './platform/migrate';
import { openApiDocument } from './platform/openapi';
import { platformRoutes } from './platform/routes';
import { identityRoutes } from './identity/routes';
import { IdentityService } from './identity/service';
import { Catalogue } from './directory/catalogue';
import { BankHolidayCalendar } from './directory/bank-holidays';
import { GeoService } from './geo/service';
import { geoRoutes } from './geo/routes';
import { DirectoryService } from './directory/service';
import { directoryRoutes } from './directory/routes';
import { CapacityService } from './capacity/service';
import { capacityRoutes } from './capacity/routes';

export interface SignpostOptions {
  database: Database;
  config: Config;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  catalogue?: Catalogue;
  /** Timers such as the capacity reset; tests switch them off and call the jobs themselves. */
  backgroundJobs?: boolean;
}

export interface Signpost {
  app: Hono<HttpEnv>;
  platform: Platform;
  events: EventFollower;
  catalogue: Catalogue;
  identity: IdentityService;
  geo: GeoService;
  directory: DirectoryService;
  capacity: CapacityService;
  routes: RouteDef[];
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
    sleep: options.sleep ?? realSleep,
  };
  const catalogue = options.catalogue ?? Catalogue.load();
  const holidays = new BankHolidayCalendar();
  const events = new EventFollower(database);

  const identity = new IdentityService(platform);
  const geo = new GeoService(platform);
  await geo.loadShippedGeography();
  const directory = new DirectoryService(platform, { catalogue, holidays, identity, geo });
  await directory.loadHolidayOverrides();

  const capacity = new CapacityService(platform, { directory, identity, events });
  if (options.backgroundJobs !== false) capacity.startExpiryJob();

  events.subscribe((event) => {
    if (event.type.startsWith('organisation.')) identity.forgetOrganisationTrees();
    if (event.type === 'token.revoked') identity.forgetCachedActors();
    if (event.type.startsWith('bank_holiday.')) void directory.loadHolidayOverrides();
  });
  await events.start();

  const app = createHttpApp();
  app.use('/api/*', authMiddleware(identity, config.allowedOrigins));
  const routes: RouteDef[] = [
    ...platformRoutes(platform, () => openApiDocument(routes, { title: 'Signpost API', version: '0.1.0' })),
    ...identityRoutes(identity, { secureCookies: config.secureCookies }),
    ...geoRoutes(geo),
    ...directoryRoutes(directory, catalogue),
    ...capacityRoutes(capacity),
  ];
  mountRoutes(app, routes, { db: platform.db, clock: platform.clock });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}`, details: [] } }, 404));

  return {
    app,
    platform,
    events,
    catalogue,
    identity,
    geo,
    directory,
    capacity,
    routes,
    async close() {
      capacity.stop();
      await events.stop();
      await database.close();
    },
  };
}
