import { PasswordResetReply, SessionsEndedReply, UserReply } from './model';
import { deleteCookie, getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../platform/auth';
import { route, TextIdParam, type RouteDef } from '../platform/http';
import type { AccountsService } from './accounts';
import { ChangePasswordInput, EndSessionsInput, PasswordResetInput } from './model';

/**
 * Account management. The routes for oneself (`/api/users/me/…`) come first so that `me` is never
 * read as a user id by the admin's routes.
 */
export function accountRoutes(accounts: AccountsService): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/api/users/me/password',
      summary: 'Change my password (needs the current one); my other sessions end',
      tag: 'identity',
      access: 'signed-in',
      // A wrong current password is audited and answered slowly: not inside a keyed transaction.
      idempotent: false,
      body: ChangePasswordInput,
      response: SessionsEndedReply,
      async handle({ actor, body, c }) {
        return accounts.changeOwnPassword(actor, body, getCookie(c, SESSION_COOKIE));
      },
    }),
    route({
      method: 'post',
      path: '/api/users/me/end-sessions',
      summary: 'Sign me out everywhere else (or everywhere, with includeThisOne)',
      tag: 'identity',
      access: 'signed-in',
      body: EndSessionsInput,
      response: SessionsEndedReply,
      async handle({ actor, body, c }) {
        const result = await accounts.endOwnSessions(actor, body, getCookie(c, SESSION_COOKIE));
        if (body.includeThisOne) deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return result;
      },
    }),
    route({
      method: 'post',
      path: '/api/users/:id/deactivate',
      summary: 'Deactivate a user: their sessions end at once and their API tokens stop working',
      tag: 'identity',
      access: ['admin'],
      params: TextIdParam,
      response: UserReply,
      async handle({ actor, params }) {
        return { user: await accounts.deactivate(actor, params.id) };
      },
    }),
    route({
      method: 'post',
      path: '/api/users/:id/reactivate',
      summary: 'Reactivate a deactivated user (they sign in again)',
      tag: 'identity',
      access: ['admin'],
      params: TextIdParam,
      response: UserReply,
      async handle({ actor, params }) {
        return { user: await accounts.reactivate(actor, params.id) };
      },
    }),
    route({
      method: 'post',
      path: '/api/users/:id/reset-password',
      summary: "Reset a user's password (given, or generated and shown once); their sessions end",
      tag: 'identity',
      access: ['admin'],
      params: TextIdParam,
      body: PasswordResetInput,
      response: PasswordResetReply,
      // The reply may carry a generated password: every /api reply is no-store (reply-headers.ts).
      async handle({ actor, params, body }) {
        return accounts.resetPassword(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/users/:id/end-sessions',
      summary: 'End every session of a user',
      tag: 'identity',
      access: ['admin'],
      params: TextIdParam,
      response: SessionsEndedReply,
      async handle({ actor, params }) {
        return accounts.endSessions(actor, params.id);
      },
    }),
  ];
}
