export const Roles = [
  'call_handler',
  'clinician',
  'provider_staff',
  'dos_lead',
  'clinical_governance',
  'commissioner',
  'admin',
] as const;
export type Role = (typeof Roles)[number];

/** Another system acting with an API token scoped to its organisation. */
export const SYSTEM_ROLE = 'system' as const;
/**
 * A telephony platform's token: it may only report its calls (POST /api/telephony/calls), nothing
 * else a system token may do (capacity, referrals, searches).
 */
export const TELEPHONY_ROLE = 'telephony' as const;
/** What an API token may do: what other systems do (`system`), or only report calls (`telephony`). */
export const TokenScopes = [SYSTEM_ROLE, TELEPHONY_ROLE] as const;
export type TokenScope = (typeof TokenScopes)[number];
export type ActorRole = Role | TokenScope;

/** Who is acting: a signed-in person, another system with a token, or Signpost itself (start-up, jobs). */
export interface Actor {
  kind: 'user' | 'token' | 'system';
  id: string;
  name: string;
  organisationId: string | null;
  roles: readonly ActorRole[];
}

export const signpostItself: Actor = {
  kind: 'system',
  id: 'signpost',
  name: 'Signpost',
  organisationId: null,
  roles: ['admin'],
};

export function hasAnyRole(actor: Actor, roles: readonly ActorRole[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}
