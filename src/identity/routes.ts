import { ApiTokenSchema, TokensReply, LoginReply, MeReply, NewTokenReply, OrganisationSchema, OrganisationsReply, UnlockReply, UserSchema, UsersReply } from './model';
import { NoContent } from '../platform/replies';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../platform/auth';
import type { ClientAddressOf } from '../platform/client-address';
import { route, TextIdParam, type RouteDef } from '../platform/http';
import { LoginInput, OrganisationInput, TokenInput, UserInput } from './model';
import type { IdentityService } from './service';

export function identityRoutes(identity: IdentityService, options: { secureCookies: boolean; clientAddress: ClientAddressOf }): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/api/auth/login',
      summary: 'Sign in with username and password; sets an HTTP-only session cookie. Repeated failures are throttled (429 with Retry-After)',
      tag: 'identity',
      access: 'public',
      body: LoginInput,
      errors: [429],
      response: LoginReply,
      async handle({ body, c }) {
        const { sessionToken, expiresAt, user } = await identity.login(body, options.clientAddress(c));
        setCookie(c, SESSION_COOKIE, sessionToken, {
          httpOnly: true,
          sameSite: 'Strict',
          secure: options.secureCookies,
          path: '/',
          expires: expiresAt,
        });
        return { user, expiresAt };
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/logout',
      summary: 'Sign out (ends the session)',
      tag: 'identity',
      access: 'signed-in',
      status: 204,
      response: NoContent,
      async handle({ actor, c }) {
        const token = getCookie(c, SESSION_COOKIE);
        if (token) await identity.logout(actor, token);
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      },
    }),
    route({
      method: 'get',
      path: '/api/auth/me',
      summary: 'Who am I',
      tag: 'identity',
      access: 'signed-in',
      response: MeReply,
      async handle({ actor }) {
        return { actor };
      },
    }),
    route({
      method: 'get',
      path: '/api/organisations',
      summary: 'List organisations',
      tag: 'identity',
      access: 'signed-in',
      response: OrganisationsReply,
      async handle() {
        return { organisations: await identity.listOrganisations() };
      },
    }),
    route({
      method: 'post',
      path: '/api/organisations',
      summary: 'Create an organisation (optionally below a parent)',
      tag: 'identity',
      access: ['admin'],
      status: 201,
      body: OrganisationInput,
      response: OrganisationSchema,
      async handle({ actor, body }) {
        return identity.createOrganisation(actor, body);
      },
    }),
    route({
      method: 'get',
      path: '/api/users',
      summary: 'List user accounts',
      tag: 'identity',
      access: ['admin'],
      response: UsersReply,
      async handle() {
        return { users: await identity.listUsers() };
      },
    }),
    route({
      method: 'post',
      path: '/api/users',
      summary: 'Create a user account',
      tag: 'identity',
      access: ['admin'],
      status: 201,
      body: UserInput,
      response: UserSchema,
      async handle({ actor, body }) {
        return identity.createUser(actor, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/users/:id/unlock',
      summary: 'Lift a sign-in lockout (and per-address delays) after many failed sign-ins',
      tag: 'identity',
      access: ['admin'],
      params: TextIdParam,
      response: UnlockReply,
      async handle({ actor, params }) {
        return identity.unlockUser(actor, params.id);
      },
    }),
    route({
      method: 'get',
      path: '/api/tokens',
      summary: 'List API tokens (admins: all; DoS leads and provider staff: their organisation)',
      tag: 'identity',
      access: ['admin', 'dos_lead', 'provider_staff'],
      response: TokensReply,
      async handle({ actor }) {
        return { tokens: await identity.listTokens(actor) };
      },
    }),
    route({
      method: 'post',
      path: '/api/tokens',
      summary: 'Create an API token for another system, scoped to an organisation; the token is shown once',
      tag: 'identity',
      access: ['admin', 'dos_lead', 'provider_staff'],
      status: 201,
      body: TokenInput,
      response: NewTokenReply,
      async handle({ actor, body }) {
        return identity.createToken(actor, body);
      },
    }),
    route({
      method: 'delete',
      path: '/api/tokens/:id',
      summary: 'Revoke an API token',
      tag: 'identity',
      access: ['admin', 'dos_lead', 'provider_staff'],
      params: TextIdParam,
      response: ApiTokenSchema,
      async handle({ actor, params }) {
        return identity.revokeToken(actor, params.id);
      },
    }),
  ];
}
