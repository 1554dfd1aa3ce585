// The two profiles of the reference server. `ideal` is the kind server the
// suite was first proven against. `realistic` models what a default-configured
// Dify does that the ideal one does not (docs/server-behavior.md §12): only
// published apps run, no model provider is configured, e-mail addresses are
// validated, GET /apps caps `limit` at 100, every quota of §12.5 is spent at its
// real size, the main workspace is crowded and streams carry every event kind.

export type Profile = 'ideal' | 'realistic';

/** A sliding-window quota: at most `limit` requests per `windowMs`; a limit of 0 switches it off. */
export interface QuotaLimit {
  limit: number;
  windowMs: number;
}

/** The quotas of docs/server-behavior.md §12.5 (libs/rate_limit.py). */
export interface Quotas {
  /** Every bearer request, per token (OPENAPI_RATE_LIMIT_PER_TOKEN): 60 per 60 s. */
  perToken: QuotaLimit;
  /** GET /account, per account: 60 per minute. */
  account: QuotaLimit;
  /** POST /oauth/device/code, per client IP: 60 per hour. */
  deviceCode: QuotaLimit;
  /** GET /oauth/device/lookup, per client IP: 60 per 5 minutes. */
  deviceLookup: QuotaLimit;
  /** POST /oauth/device/approve and /deny together, per console session: 10 per hour. */
  deviceApproval: QuotaLimit;
}

export type QuotaName = keyof Quotas;

/** Overrides of single quotas; every quota not named keeps its profile default. */
export type QuotaOverrides = { [K in QuotaName]?: Partial<QuotaLimit> };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const REAL_QUOTAS: Readonly<Quotas> = {
  perToken: { limit: 60, windowMs: MINUTE },
  account: { limit: 60, windowMs: MINUTE },
  deviceCode: { limit: 60, windowMs: HOUR },
  deviceLookup: { limit: 60, windowMs: 5 * MINUTE },
  deviceApproval: { limit: 10, windowMs: HOUR },
};

const OFF: QuotaLimit = { limit: 0, windowMs: MINUTE };

export interface QuotaInputs {
  profile: Profile;
  quotas?: QuotaOverrides | undefined;
  /** The older per-token options, which the ideal profile has always used. */
  rateLimitPerMinute?: number | undefined;
  rateLimitWindowMs?: number | undefined;
}

/**
 * The quotas a server enforces. The ideal profile has only the per-token
 * limit, off unless `rateLimitPerMinute` is set; the realistic one has all of
 * §12.5 at their real sizes. `quotas` overrides single ones in either profile.
 */
export function resolveQuotas(inputs: QuotaInputs): Quotas {
  const base: Quotas =
    inputs.profile === 'realistic' ? { ...REAL_QUOTAS } : { perToken: OFF, account: OFF, deviceCode: OFF, deviceLookup: OFF, deviceApproval: OFF };
  base.perToken = {
    limit: inputs.rateLimitPerMinute ?? base.perToken.limit,
    windowMs: inputs.rateLimitWindowMs ?? base.perToken.windowMs,
  };
  const resolved = { ...base };
  for (const name of Object.keys(base) as QuotaName[]) {
    resolved[name] = { ...base[name], ...inputs.quotas?.[name] };
  }
  return resolved;
}
