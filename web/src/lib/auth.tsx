import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, call, client, setUnauthorisedHandler, type Reply } from './api';

/** Who is signed in, as GET /api/auth/me says. */
export type Actor = Reply<'/api/auth/me'>['actor'];
export type Role = Actor['roles'][number];

interface AuthState {
  actor: Actor | null;
  checking: boolean;
  signIn(username: string, password: string): Promise<Actor>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [actor, setActor] = useState<Actor | null>(null);
  const [checking, setChecking] = useState(true);
  useEffect(() => {
    setUnauthorisedHandler(() => setActor(null));
    call(client.GET('/api/auth/me'), { quiet401: true })
      .then((r) => setActor(r.actor))
      .catch(() => setActor(null))
      .finally(() => setChecking(false));
    return () => setUnauthorisedHandler(null);
  }, []);
  const signIn = useCallback(async (username: string, password: string) => {
    await call(client.POST('/api/auth/login', { body: { username, password } }), { quiet401: true });
    const me = await call(client.GET('/api/auth/me'), { quiet401: true });
    setActor(me.actor);
    return me.actor;
  }, []);
  const signOut = useCallback(async () => {
    try {
      await call(client.POST('/api/auth/logout'), { quiet401: true });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    setActor(null);
  }, []);
  return <AuthContext.Provider value={{ actor, checking, signIn, signOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

export function hasRole(actor: Actor | null, ...roles: Role[]): boolean {
  return Boolean(actor && actor.roles.some((r) => roles.includes(r) || r === 'admin'));
}

export const ROLE_NAMES: Record<Role, string> = {
  call_handler: 'Call handler',
  clinician: 'Clinician',
  provider_staff: 'Provider',
  dos_lead: 'DoS lead',
  clinical_governance: 'Clinical governance',
  commissioner: 'Commissioner',
  admin: 'Administrator',
  system: 'Signpost itself',
  telephony: 'Telephony platform',
};
