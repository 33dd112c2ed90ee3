import type { Session } from './store';

const KEY = 'desk.session';

/** The session survives a reload (and other tabs share it) until the token expires. */
export const sessionStorageSlot = {
  load(now = Date.now()): Session | null {
    try {
      const session = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
      return session && session.expiresAt > now ? session : null;
    } catch {
      return null;
    }
  },
  save(session: Session | null): void {
    if (session) localStorage.setItem(KEY, JSON.stringify(session));
    else localStorage.removeItem(KEY);
  },
};
