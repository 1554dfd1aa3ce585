/**
 * How the SSE reader records text that may be JSON (event data, an error body
 * sent instead of a stream): the parsed value, or why it is not JSON.
 */

export interface JsonReading {
  readonly json?: unknown;
  /** Set only for non-empty text: an empty `data:` (a ping) is not a JSON failure. */
  readonly jsonError?: string;
}

export function readJson(text: string): JsonReading {
  if (text === '') return {};
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    return { jsonError: error instanceof Error ? error.message : String(error) };
  }
}
