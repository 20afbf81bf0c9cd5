import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (OWASP-recommended memory and time costs).
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Hashed once so an unknown username costs as much time as a wrong password. */
let decoyHash: Promise<string> | null = null;
export function decoy(): Promise<string> {
  decoyHash ??= hashPassword('signpost-decoy-password');
  return decoyHash;
}

/** How long to hold back the reply after the nth failed login in a row: 0, 0.5 s, 1 s, 2 s … up to 10 s. */
export function failedLoginDelayMs(failedInARow: number): number {
  if (failedInARow <= 1) return 0;
  return Math.min(10_000, 500 * 2 ** (failedInARow - 2));
}
