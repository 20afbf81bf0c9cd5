import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setUnauthorisedHandler } from './api';

export type Role = 'call_handler' | 'clinician' | 'provider_staff' | 'dos_lead' | 'clinical_governance' | 'commissioner' | 'admin';

export interface Actor {
  kind: 'user' | 'token' | 'system';
  id: string;
  name: string;
  organisationId: string | null;
  roles: Role[];
}

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
    api<{ actor: Actor }>('/api/auth/me', { quiet401: true })
      .then((r) => setActor(r.actor))
      .catch(() => setActor(null))
      .finally(() => setChecking(false));
    return () => setUnauthorisedHandler(null);
  }, []);
  const signIn = useCallback(async (username: string, password: string) => {
    await api('/api/auth/login', { body: { username, password }, quiet401: true });
    const me = await api<{ actor: Actor }>('/api/auth/me', { quiet401: true });
    setActor(me.actor);
    return me.actor;
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST', quiet401: true });
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
};
