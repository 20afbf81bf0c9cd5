import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createSignpost, type Signpost } from '../app';
import { signpostItself, Roles } from '../platform/actor';
import { loadConfig, type Config } from '../platform/config';
import { openDatabase } from '../platform/database';
import { createLogger } from '../platform/log';
import { AppError, parseWith } from '../platform/errors';
import { OrganisationInput, TokenInput, UserInput } from '../identity/model';
import { migrate } from '../platform/migrate';
import { startServer } from '../server';
import { DEMO_PASSWORD, seedDemoCommunity, seedNationalDirectory } from '../demo/seed';
import { CoverageQuerySchema, MAX_RANGES_PER_PAGE, type CoverageReply } from '../insight/coverage-model';
import { progressBar } from './progress';
import { registerContentCommands } from './content';
import { registerModellingCommands } from './modelling';

const program = new Command()
  .name('signpost')
  .description('Signpost — integrated urgent care: directory, triage, cases, referrals, intelligence')
  .showHelpAfterError();

const positiveInt = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

/** Opens the configured database and Signpost for a one-off command, and always closes it. */
async function withSignpost<T>(fn: (signpost: Signpost, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const log = createLogger(config);
  const signpost = await createSignpost({ database: await openDatabase(config, log), config, log });
  try {
    return await fn(signpost, config);
  } finally {
    await signpost.close();
  }
}

function databaseLabel(config: Config): string {
  return config.databaseUrl ? `PostgreSQL at ${new URL(config.databaseUrl).host}` : `embedded PGlite in ${config.pgliteDir}`;
}

async function seedDemo(signpost: Signpost) {
  const steps = new Map<string, ReturnType<typeof progressBar>>();
  const result = await seedDemoCommunity(signpost, (step, done, total) => {
    let bar = steps.get(step);
    if (!bar) steps.set(step, (bar = progressBar(step)));
    bar.update(done, total);
  });
  for (const bar of steps.values()) bar.stop();
  console.log(`\nDemo health community (East Kent) created: ${result.services} services.`);
  console.log(`Demo logins (password for all: ${DEMO_PASSWORD}):`);
  for (const user of result.users) console.log(`  ${user.username.padEnd(16)} ${user.roles.join(', ').padEnd(24)} ${user.organisation}`);
}

program
  .command('serve', { isDefault: true })
  .description('Run the server (creates the demo community on an empty embedded database)')
  .option('-p, --port <port>', 'port to listen on (default PORT or 8111)', positiveInt)
  .option('-w, --workers <n>', 'server processes sharing the port (PostgreSQL server only)', positiveInt, 1)
  .action(async (options: { port?: number; workers: number }) => {
    const config = { ...loadConfig(), ...(options.port ? { port: options.port } : {}) };
    if (options.workers > 1 && !config.databaseUrl) {
      throw new AppError(400, 'workers_need_postgres', 'Several workers need a PostgreSQL server (DATABASE_URL): the embedded database belongs to one process.');
    }
    if (options.workers > 1 && cluster.isPrimary) return superviseWorkers(options.workers);
    await serveOne(config);
  });

/** Several processes share the port (connections are spread between them); each keeps its own index in step through the event log. */
function superviseWorkers(count: number) {
  console.log(`Signpost starting ${count} worker processes …`);
  for (let i = 0; i < count; i++) cluster.fork();
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} exited (${code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function serveOne(config: Config) {
  const started = performance.now();
  console.log(`Signpost starting on ${databaseLabel(config)} …`);
  let seededNow = false;
  const running = await startServer(config, {
    async beforeListen(signpost) {
      // Only the first (or only) process seeds; workers of a cluster find the database ready.
      if (cluster.isWorker) return;
      const empty = (await signpost.identity.countUsers()) === 0;
      if (empty && !config.databaseUrl) {
        await seedDemo(signpost);
        seededNow = true;
      } else if (empty) console.log('The database has no users yet: run `signpost demo` for demo data or `signpost users create` for real accounts.');
    },
  });
  console.log(`Signpost is ready at ${running.url} (started in ${Math.round(performance.now() - started)} ms)`);
  if (!cluster.isWorker) void historyInBackground(running.signpost, seededNow ? config.demoHistoryDays : 0);
  const shutdown = async () => {
    console.log('Signpost stopping …');
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/**
 * The demo's simulated history, after the server listens (it answers requests meanwhile): on the first
 * start of the demo, or to finish one a restart interrupted. Progress goes to the log and to
 * GET /api/demo/history.
 */
async function historyInBackground(signpost: Signpost, days: number) {
  const status = await signpost.history.status();
  if (status.status === 'done' || (status.status === 'none' && days === 0)) return;
  const total = status.status === 'none' ? days : status.days;
  console.log(`Demo history: simulating ${total} days of activity in the background …`);
  const started = performance.now();
  let lastPercent = -1;
  try {
    const done = await signpost.history.run({
      days: total,
      onProgress(written, all) {
        const percent = Math.floor((100 * written) / all);
        if (percent >= lastPercent + 10 || written === all) {
          lastPercent = percent;
          console.log(`Demo history: ${percent}% (${written}/${all} days)`);
        }
      },
    });
    console.log(`Demo history written in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.entries(done.written).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  } catch (error) {
    if (!signpost.platform.lifecycle.shuttingDown) console.error(`Demo history failed (it resumes at the next start): ${(error as Error).message}`);
  }
}

program
  .command('demo-history')
  .description('Write (or finish) the demo community’s simulated history: calls, cases, referrals, capacity … over the days before now')
  .option('--days <n>', 'days of history (default 90)', positiveInt, 90)
  .option('--seed <n>', 'random seed', positiveInt)
  .action((options: { days: number; seed?: number }) =>
    withSignpost(async (signpost) => {
      const bar = progressBar('Demo history (days)');
      const started = performance.now();
      const status = await signpost.history.run({ days: options.days, seed: options.seed, onProgress: (done, total) => bar.update(done, total) });
      bar.stop();
      console.log(`Demo history ${status.status} (${status.startsAt} – ${status.endsAt}) in ${((performance.now() - started) / 1000).toFixed(1)} s:`);
      for (const [kind, n] of Object.entries(status.written)) console.log(`  ${kind.padEnd(16)} ${n}`);
    }),
  );

program
  .command('migrate')
  .description('Apply database migrations and exit')
  .action(async () => {
    const config = loadConfig();
    const database = await openDatabase(config, createLogger(config));
    try {
      const { applied } = await migrate(database);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    } finally {
      await database.close();
    }
  });

program
  .command('demo')
  .description('Create the demo health community (East Kent): organisations, users and 600+ services')
  .action(() =>
    withSignpost(async (signpost) => {
      if ((await signpost.identity.countUsers()) > 0) {
        throw new AppError(409, 'not_empty', 'This database already has users; the demo community goes only into an empty database.');
      }
      await seedDemo(signpost);
    }),
  );

program
  .command('generate')
  .description('Generate a nationwide directory for benchmarks')
  .requiredOption('--services <n>', 'how many services', positiveInt)
  .option('--seed <n>', 'random seed', positiveInt, 1)
  .action((options: { services: number; seed: number }) =>
    withSignpost(async (signpost) => {
      const bar = progressBar('Generating services');
      const result = await seedNationalDirectory(signpost, options.services, (_step, done, total) => bar.update(done, total), options.seed);
      bar.stop();
      console.log(`Generated ${result.services} services in ${(result.ms / 1000).toFixed(1)} s.`);
    }),
  );

program
  .command('import-postcodes <file>')
  .description('Import the ONS Postcode Directory CSV (full postcodes with coordinates and areas)')
  .option('--area-column <column>', 'the ONSPD column holding the commissioning area code', 'sicbl')
  .option('--include-terminated', 'also import terminated postcodes', false)
  .action((file: string, options: { areaColumn: string; includeTerminated: boolean }) =>
    withSignpost(async (signpost) => {
      if (!fs.existsSync(file)) throw new AppError(400, 'no_file', `No such file: ${file}`);
      const bar = progressBar('Importing postcodes');
      const MB = 1024 * 1024;
      const result = await signpost.geo.importOnspd(signpostItself, file, options, (bytes, total) => bar.update(Math.round(bytes / MB), Math.round(total / MB)));
      bar.stop();
      console.log(`Imported ${result.imported} postcodes; skipped ${result.skipped} malformed rows.`);
      for (const problem of result.firstProblems) console.log(`  line ${problem.line}: ${problem.reason}`);
    }),
  );

program
  .command('coverage')
  .description('Static coverage analysis: where, in a week, no service could be returned at all (runs in a worker thread)')
  .requiredOption('--week <monday>', 'the Monday the week starts (YYYY-MM-DD)')
  .option('--area <code...>', 'only these areas (default: every area)')
  .option('--disposition <code...>', 'only these dispositions')
  .option('--mode <mode>', "'open-now' (a service open at each half hour) or 'window' (the disposition window rule)", 'open-now')
  .option('--json', 'print JSON instead of a table', false)
  .action((options: { week: string; area?: string[]; disposition?: string[]; mode: 'open-now' | 'window'; json: boolean }) =>
    withSignpost(async (signpost) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(options.week) || new Date(`${options.week}T12:00:00Z`).getUTCDay() !== 1) {
        throw new AppError(400, 'invalid_week', '--week must be a Monday, YYYY-MM-DD');
      }
      const query = { week: options.week, area: options.area, disposition: options.disposition, mode: options.mode, limit: MAX_RANGES_PER_PAGE };
      // Every page: a terminal or a file takes the whole list, unlike a browser.
      const first = await signpost.coverage.report(null, parseWith(CoverageQuerySchema, query, 'query'));
      const gaps = [...first.gaps];
      for (let offset = first.page.nextOffset; offset !== null; ) {
        const page = await signpost.coverage.report(null, parseWith(CoverageQuerySchema, { ...query, offset }, 'query'));
        gaps.push(...page.gaps);
        offset = page.page.nextOffset;
      }
      const { page: _page, ...report } = { ...first, gaps };
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      printCoverage(report);
    }),
  );

const areas = program.command('areas').description('Commissioning areas');
areas
  .command('commission <area> [organisation]')
  .description('Set the organisation that commissions an area (its commissioners see it by default in coverage analysis); without one, clear it')
  .action((area: string, organisation: string | undefined) =>
    withSignpost(async (signpost) => {
      await signpost.geo.setAreaCommissioner(signpostItself, area, organisation ?? null);
      console.log(organisation ? `${area} is commissioned by ${organisation}.` : `${area} has no commissioning organisation now.`);
    }),
  );

const users = program.command('users').description('Manage user accounts');
users
  .command('create')
  .description('Create a user account (prints a generated password unless --password is given)')
  .requiredOption('--username <username>')
  .requiredOption('--name <display name>')
  .requiredOption('--organisation <id>', 'organisation id (see `signpost orgs list`)')
  .addOption(new Option('--role <role...>', 'one or more roles').choices([...Roles]).makeOptionMandatory())
  .option('--email <email>')
  .option('--password <password>', 'at least 12 characters (default: generated)')
  .action((options: { username: string; name: string; organisation: string; role: string[]; email?: string; password?: string }) =>
    withSignpost(async (signpost) => {
      const password = options.password ?? randomBytes(12).toString('base64url');
      const user = await signpost.identity.createUser(signpostItself, parseWith(UserInput, {
        username: options.username,
        displayName: options.name,
        organisationId: options.organisation,
        roles: options.role,
        email: options.email,
        password,
      }));
      console.log(`Created ${user.username} (${user.roles.join(', ')}) in ${user.organisationId}.`);
      if (!options.password) console.log(`Password: ${password}  (shown once; ask them to keep it safe)`);
    }),
  );
users
  .command('list')
  .description('List user accounts')
  .action(() =>
    withSignpost(async (signpost) => {
      for (const user of await signpost.identity.listUsers()) {
        console.log(`${user.username.padEnd(20)} ${user.roles.join(',').padEnd(30)} ${user.organisationId}${user.active ? '' : ' (inactive)'}`);
      }
    }),
  );

users
  .command('deactivate')
  .description('Deactivate a user: their sessions end at once in every server, their API tokens stop working')
  .requiredOption('--username <username>')
  .action((options: { username: string }) =>
    withSignpost(async (signpost) => {
      const user = await signpost.accounts.deactivate(signpostItself, (await signpost.accounts.userByUsername(options.username)).id);
      console.log(`Deactivated ${user.username}.`);
    }),
  );
users
  .command('reactivate')
  .description('Reactivate a deactivated user (they sign in again)')
  .requiredOption('--username <username>')
  .action((options: { username: string }) =>
    withSignpost(async (signpost) => {
      const user = await signpost.accounts.reactivate(signpostItself, (await signpost.accounts.userByUsername(options.username)).id);
      console.log(`Reactivated ${user.username}.`);
    }),
  );
users
  .command('reset-password')
  .description("Set a user's password (prints a generated one unless --password is given); their sessions end")
  .requiredOption('--username <username>')
  .option('--password <password>', 'at least 12 characters (default: generated)')
  .action((options: { username: string; password?: string }) =>
    withSignpost(async (signpost) => {
      const target = await signpost.accounts.userByUsername(options.username);
      const result = await signpost.accounts.resetPassword(signpostItself, target.id, { password: options.password });
      console.log(`Password of ${target.username} reset; ${result.sessionsEnded} session(s) ended.`);
      if (result.password) console.log(`Password: ${result.password}  (shown once; ask them to keep it safe)`);
    }),
  );
users
  .command('end-sessions')
  .description('End every session of a user (they must sign in again)')
  .requiredOption('--username <username>')
  .action((options: { username: string }) =>
    withSignpost(async (signpost) => {
      const target = await signpost.accounts.userByUsername(options.username);
      const { sessionsEnded } = await signpost.accounts.endSessions(signpostItself, target.id);
      console.log(`Ended ${sessionsEnded} session(s) of ${target.username}.`);
    }),
  );

const tokens = program.command('tokens').description('Manage API tokens of other systems');
tokens
  .command('list')
  .description('List API tokens with their expiry and last use')
  .option('--organisation <id>', 'only this organisation')
  .action((options: { organisation?: string }) =>
    withSignpost(async (signpost) => {
      const now = new Date();
      for (const token of await signpost.identity.listTokens(signpostItself)) {
        if (options.organisation && token.organisationId !== options.organisation) continue;
        const state = token.revokedAt ? 'revoked' : token.expiresAt <= now ? 'expired' : 'active';
        const lastUsed = token.lastUsedAt ? token.lastUsedAt.toISOString() : 'never used';
        console.log(`${token.id}  ${token.name.padEnd(28)} ${token.organisationId.padEnd(20)} ${state.padEnd(8)} expires ${token.expiresAt.toISOString().slice(0, 10)}  last used ${lastUsed}`);
      }
    }),
  );
tokens
  .command('create')
  .description('Create an API token for another system, scoped to an organisation (printed once)')
  .requiredOption('--name <name>')
  .requiredOption('--organisation <id>')
  .option('--expires-in-days <days>', 'how long it works (default 365, at most 730)', positiveInt)
  .action((options: { name: string; organisation: string; expiresInDays?: number }) =>
    withSignpost(async (signpost) => {
      const { token, apiToken } = await signpost.identity.createToken(signpostItself, parseWith(TokenInput, {
        name: options.name,
        organisationId: options.organisation,
        expiresInDays: options.expiresInDays,
      }));
      console.log(`Created token ${apiToken.id} (${apiToken.name}) for ${apiToken.organisationId}, expiring ${apiToken.expiresAt.toISOString()}.`);
      console.log(`Token: ${token}  (shown once; store it in the other system's secrets)`);
    }),
  );
tokens
  .command('revoke')
  .description('Revoke an API token (every server refuses it at once)')
  .requiredOption('--id <id>')
  .action((options: { id: string }) =>
    withSignpost(async (signpost) => {
      const token = await signpost.identity.revokeToken(signpostItself, options.id);
      console.log(`Revoked ${token.name} (${token.id}).`);
    }),
  );
users
  .command('unlock')
  .description('Lift a sign-in lockout after many failed sign-ins (and the account\'s per-address delays)')
  .requiredOption('--username <username>')
  .action((options: { username: string }) =>
    withSignpost(async (signpost) => {
      const user = await signpost.identity.findUserByUsername(options.username);
      const { wasLocked } = await signpost.identity.unlockUser(signpostItself, user.id);
      console.log(wasLocked ? `Unlocked ${user.username}.` : `${user.username} was not locked; any failed sign-ins counted against it are forgotten.`);
    }),
  );

const orgs = program.command('orgs').description('Manage organisations');
orgs
  .command('create')
  .description('Create an organisation')
  .requiredOption('--id <id>')
  .requiredOption('--name <name>')
  .requiredOption('--kind <kind>', 'commissioner | provider | gp-practice | system-supplier | platform')
  .option('--ods <code>', 'ODS code')
  .option('--parent <id>', 'parent organisation id')
  .action((options: { id: string; name: string; kind: string; ods?: string; parent?: string }) =>
    withSignpost(async (signpost) => {
      const org = await signpost.identity.createOrganisation(signpostItself, parseWith(OrganisationInput, {
        id: options.id,
        name: options.name,
        kind: options.kind,
        odsCode: options.ods,
        parentId: options.parent,
      }));
      console.log(`Created organisation ${org.id} (${org.name}).`);
    }),
  );
orgs
  .command('list')
  .description('List organisations')
  .action(() =>
    withSignpost(async (signpost) => {
      for (const org of await signpost.identity.listOrganisations()) {
        console.log(`${org.id.padEnd(28)} ${org.kind.padEnd(16)} ${org.name}${org.parentId ? ` (under ${org.parentId})` : ''}`);
      }
    }),
  );

/** One line per uncovered stretch, grouped by disposition and need; areas without any service once. */
function printCoverage(report: Omit<CoverageReply, 'page'>) {
  const { gaps, areasWithoutServices } = report;
  if (areasWithoutServices.length) {
    console.log(`${areasWithoutServices.length} areas have no service in reach at all: ${areasWithoutServices.map((a) => `${a.areaCode} (${a.name})`).join(', ')}.`);
  }
  console.log(`${gaps.length} uncovered stretches in the week.`);
  for (const gap of gaps) {
    console.log(`${gap.disposition.padEnd(7)} SG ${String(gap.symptomGroup).padEnd(6)} SD ${gap.discriminator.padEnd(6)} ${String(gap.areaCode).padEnd(22)} ${gap.label}`);
  }
}

registerContentCommands(program, withSignpost);
registerModellingCommands(program, withSignpost);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof AppError) {
    console.error(`signpost: ${error.message}`);
    for (const detail of error.details) console.error(`  ${detail.path}: ${detail.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
}
