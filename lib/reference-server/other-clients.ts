// Background activity of another client of the owner's account (docs/server-
// behavior.md §12.6): while the server runs, a CI runner logs in every
// `sessionEveryMs`, so a new session appears at the top of the owner's
// GET /account/sessions; once it holds `keep` live sessions, each new login
// also revokes its oldest one. Lists therefore change between two reads, as
// they do on a shared account.
import { mintBearer, sha256Hex, uuidFrom } from './ids.ts';
import type { Runtime } from './runtime.ts';
import { SEED, TOKEN_TTL_MS } from './seed-data.ts';
import type { Session } from './state.ts';

export interface OtherClientsOptions {
  /** How often the other client logs in. */
  sessionEveryMs: number;
  /** How many of its sessions it keeps live before revoking the oldest; default 3. */
  keep?: number;
}

export function startOtherClients(runtime: Runtime, options: OtherClientsOptions): void {
  const keep = Math.max(1, options.keep ?? 3);
  const live: Session[] = [];
  let logins = 0;
  const login = (): void => {
    logins += 1;
    const now = Date.now();
    const session: Session = {
      // Not from the server's id minter, so ids minted for API calls stay the same with or without it.
      id: uuidFrom(`session:other-client-${logins}`),
      tokenHash: sha256Hex(mintBearer('dfoa_')),
      prefix: 'dfoa_',
      subject: { type: 'account', accountId: SEED.ownerId },
      clientId: 'difyctl',
      deviceLabel: `difyctl on nightly-runner-${logins}`,
      createdAt: now,
      expiresAt: now + TOKEN_TTL_MS,
      revokedAt: null,
    };
    runtime.state.sessions.push(session);
    live.push(session);
    if (live.length > keep) {
      const oldest = live.shift();
      if (oldest) runtime.state.revoke(oldest, now);
    }
  };
  const timer = setInterval(login, Math.max(1, options.sessionEveryMs));
  timer.unref();
  const stop = (): void => {
    clearInterval(timer);
    runtime.cleanups.delete(stop);
  };
  runtime.cleanups.add(stop);
}
