import { z } from 'zod';
import { Roles, TokenScopes } from '../platform/actor';
import { Timestamp } from '../platform/replies';

export const OrganisationKinds = ['commissioner', 'provider', 'gp-practice', 'system-supplier', 'platform'] as const;

export const OrganisationInput = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'lower-case letters, digits and hyphens, 2–64 characters').optional(),
  name: z.string().trim().min(2).max(200),
  kind: z.enum(OrganisationKinds),
  odsCode: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{3,10}$/, 'an ODS code is 3–10 capital letters or digits').optional(),
  parentId: z.string().optional(),
});
export type OrganisationInput = z.infer<typeof OrganisationInput>;

export interface Organisation {
  id: string;
  name: string;
  kind: (typeof OrganisationKinds)[number];
  odsCode: string | null;
  parentId: string | null;
}

export const RoleSchema = z.enum(Roles);

export const UserInput = z.object({
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,64}$/, '3–64 characters: letters, digits, dot, dash, underscore'),
  displayName: z.string().trim().min(1).max(200),
  email: z.email().optional(),
  organisationId: z.string().min(1),
  roles: z.array(RoleSchema).min(1, 'a user needs at least one role'),
  password: z.string().min(12, 'a password needs at least 12 characters').max(200),
});
export const NewPassword = UserInput.shape.password;
export type UserInput = z.infer<typeof UserInput>;

export interface User {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  organisationId: string;
  roles: (typeof Roles)[number][];
  active: boolean;
}

export const LoginInput = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  password: z.string().min(1).max(200),
});

/** A token lives a year unless its maker says otherwise; never more than two, so forgotten ones die. */
export const TOKEN_DEFAULT_DAYS = 365;
export const TOKEN_MAX_DAYS = 730;

export const TokenInput = z.object({
  name: z.string().trim().min(2).max(100),
  organisationId: z.string().min(1),
  expiresInDays: z.number().int().min(1).max(TOKEN_MAX_DAYS, `a token lives at most ${TOKEN_MAX_DAYS} days`).default(TOKEN_DEFAULT_DAYS),
  /** `system` (the default) for what other systems do; `telephony` for a telephony platform that only reports calls */
  scope: z.enum(TokenScopes).default('system'),
});

export interface ApiToken {
  id: string;
  name: string;
  organisationId: string;
  scope: (typeof TokenScopes)[number];
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  expiresAt: Date;
}

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: NewPassword,
});

/** An admin's reset: the new password, or none to have one generated and shown once. */
export const PasswordResetInput = z.object({ password: NewPassword.optional() });

export const EndSessionsInput = z.object({
  /** Ending one's own sessions keeps the one in use unless this is true. */
  includeThisOne: z.boolean().default(false),
});

// ---- replies of the identity routes ----

export const OrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(OrganisationKinds),
  odsCode: z.string().nullable(),
  parentId: z.string().nullable(),
});
export const UserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  organisationId: z.string(),
  roles: z.array(RoleSchema),
  active: z.boolean(),
});
export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  organisationId: z.string(),
  scope: z.enum(TokenScopes),
  createdAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  lastUsedAt: Timestamp.nullable(),
  expiresAt: Timestamp,
});
export const ActorSchema = z.object({
  kind: z.enum(['user', 'token', 'system']),
  id: z.string(),
  name: z.string(),
  organisationId: z.string().nullable(),
  roles: z.array(z.enum([...Roles, ...TokenScopes])).readonly(),
});
export const LoginReply = z.object({ user: UserSchema, expiresAt: Timestamp });
export const MeReply = z.object({ actor: ActorSchema });
export const OrganisationsReply = z.object({ organisations: z.array(OrganisationSchema) });
export const UsersReply = z.object({ users: z.array(UserSchema) });
export const UserReply = z.object({ user: UserSchema });
export const UnlockReply = z.object({ user: UserSchema, wasLocked: z.boolean() });
export const TokensReply = z.object({ tokens: z.array(ApiTokenSchema) });
/** The token's secret is shown once, here. */
export const NewTokenReply = z.object({ token: z.string(), apiToken: ApiTokenSchema });
export const SessionsEndedReply = z.object({ sessionsEnded: z.number().int() });
/** A generated password is shown once, here; a password the admin chose is not echoed. */
export const PasswordResetReply = z.object({ user: UserSchema, password: z.string().optional(), sessionsEnded: z.number().int() });

/** The requests as the routes hand them over, once their schemas have checked them. */
export type PasswordResetInput = z.output<typeof PasswordResetInput>;
export type ChangePasswordInput = z.output<typeof ChangePasswordInput>;
export type EndSessionsInput = z.output<typeof EndSessionsInput>;
export type LoginInput = z.output<typeof LoginInput>;
export type TokenInput = z.output<typeof TokenInput>;
