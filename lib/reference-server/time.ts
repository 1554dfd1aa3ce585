// Timestamps as the real server renders them.

/** ISO 8601 in UTC with a `Z` suffix and whole seconds (sessions, apps, workspaces). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Python's `isoformat()` of an aware UTC datetime: `+00:00` offset (device-flow `expires_at`). */
export function isoOffset(ms: number): string {
  return isoSeconds(ms).replace('Z', '+00:00');
}

export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** An HTTP date (RFC 9110 §5.6.7), as Flask renders a datetime in JSON by default. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
