import path from 'node:path';
import { z } from 'zod';
import { parseNetwork } from './client-address';
import { parseWith } from './errors';

/** From quietest to most talkative; `info` logs one line per request. */
export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;

const IDEMPOTENCY_PAUSE = /^(before-commit|after-commit):(\d+)$/;

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  SIGNPOST_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(8111),
  HOST: z.string().default('0.0.0.0'),
  SIGNPOST_ALLOWED_ORIGINS: z.string().default(''),
  SIGNPOST_SESSION_HOURS: z.coerce.number().positive().max(8760, 'at most a year').default(12),
  SIGNPOST_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  SIGNPOST_LOG: z.enum(LOG_LEVELS).default('info'),
  /** Whether referrals and messages to other systems' endpoints are sent (off: they wait in the outbox). */
  SIGNPOST_EXTERNAL_DELIVERY: z.enum(['on', 'off']).default('off'),
  /** Tests only: `before-commit:<ms>` or `after-commit:<ms>` pauses every Idempotency-Key request there. */
  SIGNPOST_TEST_IDEMPOTENCY_PAUSE: z
    .string()
    .default('')
    .refine((text) => text === '' || IDEMPOTENCY_PAUSE.test(text), 'before-commit:<ms> or after-commit:<ms>'),
  /** Check every JSON reply against its route's response schema: on in tests (VITEST, NODE_ENV=test), never by default in production. */
  SIGNPOST_CHECK_REPLIES: z.enum(['on', 'off']).optional(),
  /** Days of simulated history the demo community gets on first start (0: none). */
  SIGNPOST_DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(730, 'at most two years').default(90),
  /** A folder with a fuller catalogue (dispositions.yaml, symptom-groups.yaml, service-types.yaml). */
  SIGNPOST_REFERENCE_DIR: z.string().min(1).optional(),
  /** Reverse proxies whose X-Forwarded-For is believed: comma-separated IP addresses or CIDR networks. */
  SIGNPOST_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((entries) => entries.every((entry) => parseNetwork(entry)), 'comma-separated IP addresses or CIDR networks, such as 10.0.0.1,fd00::/8'),
});

export interface Config {
  databaseUrl?: string;
  dataDir: string;
  /** Where the embedded database keeps its files (under the data directory). */
  pgliteDir: string;
  port: number;
  host: string;
  allowedOrigins: string[];
  sessionHours: number;
  secureCookies: boolean;
  log: (typeof LOG_LEVELS)[number];
  /** Send referrals and messages to external endpoints (SIGNPOST_EXTERNAL_DELIVERY=on); default off. */
  externalDelivery: boolean;
  /** Tests only: where and how long every Idempotency-Key request waits, so a crash test can kill the process there. */
  idempotencyTestPause?: IdempotencyTestPause;
  referenceDir?: string;
  /** Proxies (addresses or CIDR networks) whose X-Forwarded-For names the client; empty: the socket peer is the client. */
  trustedProxies: string[];
  /** Replies are checked against their schemas (a test-mode aid: a mismatch becomes a 500). */
  checkReplies: boolean;
  /** Days of simulated history the demo community gets on first start (SIGNPOST_DEMO_HISTORY_DAYS; 0: none). */
  demoHistoryDays: number;
}

export interface IdempotencyTestPause {
  point: 'before-commit' | 'after-commit';
  ms: number;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = parseWith(EnvSchema, env, 'env');
  const dataDir = path.resolve(parsed.SIGNPOST_DATA_DIR);
  return {
    databaseUrl: parsed.DATABASE_URL,
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    port: parsed.PORT,
    host: parsed.HOST,
    allowedOrigins: parsed.SIGNPOST_ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean),
    sessionHours: parsed.SIGNPOST_SESSION_HOURS,
    secureCookies: parsed.SIGNPOST_SECURE_COOKIES === 'true',
    log: parsed.SIGNPOST_LOG,
    externalDelivery: parsed.SIGNPOST_EXTERNAL_DELIVERY === 'on',
    idempotencyTestPause: idempotencyTestPause(parsed.SIGNPOST_TEST_IDEMPOTENCY_PAUSE),
    referenceDir: parsed.SIGNPOST_REFERENCE_DIR ? path.resolve(parsed.SIGNPOST_REFERENCE_DIR) : undefined,
    trustedProxies: parsed.SIGNPOST_TRUSTED_PROXIES,
    demoHistoryDays: parsed.SIGNPOST_DEMO_HISTORY_DAYS,
    checkReplies: (parsed.SIGNPOST_CHECK_REPLIES ?? (env.VITEST || env.NODE_ENV === 'test' ? 'on' : 'off')) === 'on',
  };
}

function idempotencyTestPause(setting: string): IdempotencyTestPause | undefined {
  const match = IDEMPOTENCY_PAUSE.exec(setting);
  return match ? { point: match[1] as IdempotencyTestPause['point'], ms: Number(match[2]) } : undefined;
}
