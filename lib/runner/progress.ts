/**
 * Progress while a run goes on, on stderr (stdout keeps the summary). On a
 * terminal: one live status line (elapsed time, counts so far, the test
 * running now, and the plan's estimate) and a line per finished suite file. Under CI=true or when
 * stderr is not a terminal: only the line per finished file. Colour only on a
 * terminal and never with NO_COLOR (https://no-color.org).
 */
import { ciIsSet } from '../config/ci.ts';

export type ProgressMode = 'live' | 'lines';

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

type Env = Readonly<Record<string, string | undefined>>;

export function progressMode(stream: ProgressStream, env: Env): ProgressMode {
  return stream.isTTY === true && !ciIsSet(env) ? 'live' : 'lines';
}

export function colourAllowed(stream: ProgressStream, env: Env): boolean {
  const noColor = env['NO_COLOR'];
  return stream.isTTY === true && (noColor === undefined || noColor === '');
}

/** How a finished test went, from its vitest state and its record. */
export type TestVerdict = 'ok' | 'failed' | 'warned' | 'skipped';

interface FileCounts {
  ok: number;
  failed: number;
  warned: number;
  skipped: number;
}

const COLOURS = { ok: '32', failed: '31', warned: '33', skipped: '90' } as const;

export class ProgressPrinter {
  readonly #stream: ProgressStream;
  readonly #mode: ProgressMode;
  readonly #colour: boolean;
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #files = new Map<string, FileCounts>();
  readonly #totals: Record<TestVerdict, number> = { ok: 0, failed: 0, warned: 0, skipped: 0 };
  #current = '';
  /** The plan's estimate of the run's wall time, shown beside the elapsed time. */
  #estimateSeconds: number | undefined;
  #liveShown = false;
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor(stream: ProgressStream, mode: ProgressMode, colour: boolean, now: () => number = Date.now) {
    this.#stream = stream;
    this.#mode = mode;
    this.#colour = colour && mode === 'live';
    this.#now = now;
    this.#startedAt = now();
    // The live line's clock keeps moving while a long test (a device-flow wait) runs.
    if (mode === 'live')
      this.#ticker = setInterval(() => {
        if (this.#liveShown) this.#redraw();
      }, 1000).unref();
  }

  fileStarted(file: string): void {
    if (!this.#files.has(file)) this.#files.set(file, { ok: 0, failed: 0, warned: 0, skipped: 0 });
  }

  testStarted(file: string, name: string): void {
    this.fileStarted(file);
    this.#current = `${areaOf(file)} › ${name}`;
    this.#redraw();
  }

  testFinished(file: string, verdict: TestVerdict): void {
    this.fileStarted(file);
    const counts = this.#files.get(file);
    if (counts !== undefined) counts[verdict]++;
    this.#totals[verdict]++;
    this.#redraw();
  }

  /** A file ended; `durationMs` is how long it ran (its own clock, not the wall time since it was queued). */
  fileFinished(file: string, durationMs: number): void {
    const counts = this.#files.get(file);
    if (counts === undefined) return;
    const tests = counts.ok + counts.failed + counts.warned + counts.skipped;
    const mark = counts.failed > 0 ? this.#paint('failed', 'FAIL') : counts.warned > 0 ? this.#paint('warned', 'WARN') : this.#paint('ok', ' ok ');
    const parts = [
      `${counts.ok} ok`,
      ...(counts.failed > 0 ? [this.#paint('failed', `${counts.failed} failed`)] : []),
      ...(counts.warned > 0 ? [this.#paint('warned', `${counts.warned} warned`)] : []),
      ...(counts.skipped > 0 ? [this.#paint('skipped', `${counts.skipped} skipped`)] : []),
    ];
    this.#clearLive();
    this.#stream.write(`[${this.#elapsed()}] ${mark} ${areaOf(file)}: ${tests} test(s), ${parts.join(', ')} (${(durationMs / 1000).toFixed(1)} s)\n`);
    this.#redraw();
  }

  /** The run's plan: printed once, and its time estimate kept on every progress line. */
  plan(line: string, estimateSeconds: number): void {
    this.#estimateSeconds = estimateSeconds;
    this.say(line);
  }

  /** Prints text meant for the person running the suite (a device-code prompt) above the live line. */
  say(text: string): void {
    this.#clearLive();
    this.#stream.write(text.endsWith('\n') ? text : `${text}\n`);
    this.#redraw();
  }

  /** Ends the live line before the summary is printed. */
  finish(): void {
    clearInterval(this.#ticker);
    this.#clearLive();
  }

  #redraw(): void {
    if (this.#mode !== 'live') return;
    const t = this.#totals;
    const counts = `${t.ok} ok${t.failed > 0 ? `, ${t.failed} failed` : ''}${t.warned > 0 ? `, ${t.warned} warned` : ''}${t.skipped > 0 ? `, ${t.skipped} skipped` : ''}`;
    const line = `[${this.#elapsed()}] ${counts} · ${this.#current}`;
    const width = Math.max(20, (this.#stream.columns ?? 100) - 1);
    this.#stream.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    this.#liveShown = true;
  }

  #clearLive(): void {
    if (this.#liveShown) this.#stream.write('\r\x1b[2K');
    this.#liveShown = false;
  }

  #elapsed(): string {
    const elapsed = `${((this.#now() - this.#startedAt) / 1000).toFixed(1).padStart(5)} s`;
    return this.#estimateSeconds === undefined ? elapsed : `${elapsed} of ~${this.#estimateSeconds} s`;
  }

  #paint(kind: keyof typeof COLOURS, text: string): string {
    return this.#colour ? `\x1b[${COLOURS[kind]}m${text}\x1b[0m` : text;
  }
}

/** The area of the API a suite file covers: `suites/runs.test.ts` → `runs`. */
export function areaOf(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.test\.ts$/, '');
}
