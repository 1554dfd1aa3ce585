/** CPU time of another process, from /proc/<pid>/stat (Linux), to tell which side of a load test is the bottleneck. */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }).trim()) || 100;
  } catch {
    return 100;
  }
}

const TICKS = clockTicksPerSecond();

/** User plus system CPU seconds the process has used so far. */
export async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command: state is the first, utime the 12th, stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

export interface CpuShare<T> {
  readonly result: T;
  /** CPU of the other process over the measurement, in percent of one core. */
  readonly otherPct: number;
  /** CPU of this process over the measurement, in percent of one core. */
  readonly selfPct: number;
}

/** Runs `work` and reports how busy `pid` and this process were meanwhile. */
export async function withCpuShare<T>(pid: number, work: () => Promise<T>): Promise<CpuShare<T>> {
  const otherBefore = await cpuSecondsOf(pid);
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wallS = (performance.now() - started) / 1000;
  const self = process.cpuUsage(selfBefore);
  const otherS = (await cpuSecondsOf(pid)) - otherBefore;
  return { result, otherPct: (100 * otherS) / wallS, selfPct: (100 * (self.user + self.system)) / 1e6 / wallS };
}
