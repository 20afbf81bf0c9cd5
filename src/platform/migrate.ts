import type { Database } from './database';
import * as foundation from './migrations/0001-foundation';
import * as capacity from './migrations/0002-capacity';
import * as triage from './migrations/0003-triage';
import * as cases from './migrations/0004-cases';
import * as referrals from './migrations/0005-referrals';
import * as onlineCallbacks from './migrations/0006-online-callbacks';
import * as loginThrottle from './migrations/0007-login-throttle';
import * as accounts from './migrations/0008-accounts';
import * as areaCommissioners from './migrations/0009-area-commissioners';
import * as safetySignoffs from './migrations/0010-safety-signoffs';
import * as fhirInboundMessages from './migrations/0011-fhir-inbound-messages';
import * as costModels from './migrations/0014-cost-models';
import * as modellingScenarios from './migrations/0015-modelling-scenarios';
import * as telephonyAndDemoHistory from './migrations/0016-telephony-and-demo-history';
import * as serviceTextSearch from './migrations/0017-service-text-search';
import * as referralInappropriate from './migrations/0018-referral-inappropriate';
import * as scheduledServiceChanges from './migrations/0019-scheduled-service-changes';
import * as surge from './migrations/0020-surge';

/** Versioned migrations, applied in order at start-up. Append new ones; never edit an applied one. */
const migrations: { version: number; name: string; up: string }[] = [
  { version: 1, name: 'foundation', up: foundation.up },
  { version: 2, name: 'capacity', up: capacity.up },
  { version: 3, name: 'triage', up: triage.up },
  { version: 4, name: 'cases', up: cases.up },
  { version: 5, name: 'referrals', up: referrals.up },
  { version: 6, name: 'online-callbacks', up: onlineCallbacks.up },
  { version: 7, name: 'login-throttle', up: loginThrottle.up },
  { version: 8, name: 'accounts', up: accounts.up },
  { version: 9, name: 'area-commissioners', up: areaCommissioners.up },
  { version: 10, name: 'safety-signoffs', up: safetySignoffs.up },
  { version: 11, name: 'fhir-inbound-messages', up: fhirInboundMessages.up },
  { version: 14, name: 'cost-models', up: costModels.up },
  { version: 15, name: 'modelling-scenarios', up: modellingScenarios.up },
  { version: 16, name: 'telephony-and-demo-history', up: telephonyAndDemoHistory.up },
  { version: 17, name: 'service-text-search', up: serviceTextSearch.up },
  { version: 18, name: 'referral-inappropriate', up: referralInappropriate.up },
  { version: 19, name: 'scheduled-service-changes', up: scheduledServiceChanges.up },
  { version: 20, name: 'surge', up: surge.up },
];

export async function migrate(database: Database): Promise<{ applied: string[] }> {
  return database.withScriptRunner(async (run) => {
    await run(`create table if not exists schema_migrations (
      version int primary key, name text not null, applied_at timestamptz not null default now())`);
    const applied: string[] = [];
    for (const migration of migrations) {
      await run('begin');
      try {
        // Two processes starting together must not both apply a migration.
        await run('select pg_advisory_xact_lock(7011001)');
        const existing = await run(`select 1 from schema_migrations where version = ${migration.version}`);
        if (existing.length === 0) {
          await run(migration.up);
          await run(`insert into schema_migrations (version, name) values (${migration.version}, '${migration.name}')`);
          applied.push(`${migration.version}-${migration.name}`);
        }
        await run('commit');
      } catch (error) {
        await run('rollback');
        throw error;
      }
    }
    return { applied };
  });
}

export const latestMigration = migrations[migrations.length - 1].version;
