/**
 * The run's interrupt: SIGINT and SIGTERM abort it. The command-line entry
 * installs the handlers before any module loads; a run started in-process
 * (tests, tools) gets a controller of its own that nothing aborts.
 */
declare global {
  var difyConformanceInterrupt: AbortController | undefined;
}

export function interruptSignal(): AbortSignal {
  globalThis.difyConformanceInterrupt ??= new AbortController();
  return globalThis.difyConformanceInterrupt.signal;
}
