// What every handler can reach: the world, the switched-on faults and the
// settings the server was started with.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultSwitches } from './faults.ts';
import type { Profile, Quotas } from './profile.ts';
import type { ServerState } from './state.ts';

export interface Settings {
  profile: Profile;
  edition: 'community' | 'enterprise';
  deviceIntervalSeconds: number;
  deviceExpiresInSeconds: number;
  importPendingTtlSeconds: number;
  quotas: Quotas;
  /** Whether chat, completion and agent-chat apps find a model provider (realistic profile). */
  modelProviders: boolean;
  streamEventDelayMs: number;
  version: string;
}

export interface Runtime {
  readonly state: ServerState;
  readonly faults: FaultSwitches;
  readonly settings: Settings;
  /** Cancels timers and ends open streams when the server closes. */
  readonly cleanups: Set<() => void>;
}

export interface Call {
  readonly runtime: Runtime;
  readonly state: ServerState;
  readonly faults: FaultSwitches;
  readonly settings: Settings;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Path below the API root, e.g. `/apps/<id>/run`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
}
