/** The line protocol between the bench and its children: a child reports its result as one marked JSON line on stdout. */

export const RESULT_PREFIX = 'BENCH-RESULT ';

/** Hands the child's result to the bench. */
export function reportResult(value: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(value)}\n`);
}

/** The reported result in a child's stdout, if any. */
export function parseResult<T>(line: string): T | undefined {
  return line.startsWith(RESULT_PREFIX) ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as T) : undefined;
}
