/**
 * The undoing of what a test created (style.md rule 9), run last-in first-out when the test
 * ends, however it ends. A cleanup that fails is reported and never changes an outcome.
 */
export class CleanupStack {
  readonly #steps: { readonly what: string; readonly step: () => Promise<unknown> }[] = [];
  #running = false;

  /** Whether the cleanups are running: their requests are recorded as traffic but not judged. */
  get running(): boolean {
    return this.#running;
  }

  add(what: string, step: () => Promise<unknown>): void {
    this.#steps.push({ what, step });
  }

  async runAll(onProblem: (message: string) => void): Promise<void> {
    this.#running = true;
    try {
      for (const { what, step } of this.#steps.reverse()) {
        try {
          await step();
        } catch (error) {
          onProblem(`${what}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } finally {
      this.#steps.length = 0;
      this.#running = false;
    }
  }
}
