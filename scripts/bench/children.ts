/**
 * Child processes of the bench. Heavy measurements run in children so their
 * memory is their own; every child has a time limit, runs in its own process
 * group (a full run spawns vitest workers, which must go with it), and is
 * killed when the bench exits, however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../lib/runner/suite-info.ts';
import { parseResult } from './child-result.ts';

const KEPT_OUTPUT = 64 * 1024;
const KILL_GRACE_MS = 5000;

const live = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

/** Kills every child still running, with its process group. */
export function killChildren(signal: NodeJS.Signals = 'SIGKILL'): void {
  for (const child of live) signalGroup(child, signal);
}

process.on('exit', () => killChildren());

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** The last 64 kB of each stream. */
  readonly stdout: string;
  readonly stderr: string;
}

export interface Started {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly finished: Promise<Finished>;
  /** SIGTERM to the group, SIGKILL after a grace period; resolves when the child has exited. */
  stop(): Promise<Finished>;
}

export interface NodeOptions {
  /** Arguments after the node executable. */
  readonly args: readonly string[];
  readonly timeoutMs: number;
  /** The whole environment of the child; default: the bench's. */
  readonly env?: NodeJS.ProcessEnv;
  readonly onStdoutLine?: (line: string) => void;
}

function keepTail(text: string): string {
  return text.length > KEPT_OUTPUT ? text.slice(-KEPT_OUTPUT) : text;
}

/** Starts `node <args>` in the project root. */
export function startNode(options: NodeOptions): Started {
  const child = spawn(process.execPath, options.args, {
    cwd: PACKAGE_ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start node ${options.args.join(' ')}`);
  live.add(child);
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout = keepTail(stdout + text);
    if (options.onStdoutLine === undefined) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onStdoutLine(line);
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = keepTail(stderr + text);
  });
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const terminate = (): void => {
    signalGroup(child, 'SIGTERM');
    killTimer ??= setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_GRACE_MS);
  };
  const limit = setTimeout(() => {
    timedOut = true;
    terminate();
  }, options.timeoutMs);
  const finished = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      clearTimeout(killTimer);
      live.delete(child);
      resolve({ code, signal, timedOut, stdout, stderr });
    });
  });
  return {
    child,
    pid: child.pid,
    finished,
    stop() {
      terminate();
      return finished;
    },
  };
}

/** After a child exited: whether processes of its group were left running (they are killed). */
/** Whether any process of the child's group is still alive. */
function groupAlive(started: Started): boolean {
  try {
    process.kill(-started.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Processes of the child's group still alive a second after it exited (workers get that long to
 * see their parent go) are killed; returns whether there were any.
 */
export async function reapLeftovers(started: Started, graceMs = 1000): Promise<boolean> {
  const deadline = performance.now() + graceMs;
  while (groupAlive(started)) {
    if (performance.now() >= deadline) {
      signalGroup(started.child, 'SIGKILL');
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Arguments that run a TypeScript file of scripts/bench/ through tsx. */
export function tsChildArgs(script: string, args: readonly string[] = []): string[] {
  return ['--import', 'tsx', join(PACKAGE_ROOT, 'scripts/bench', script), ...args];
}

function describeFailure(what: string, finished: Finished): string {
  const how = finished.timedOut ? 'timed out' : `exited with ${finished.signal ?? finished.code}`;
  const tail = finished.stderr.trim().split('\n').slice(-8).join('\n');
  return `${what} ${how}${tail === '' ? '' : `:\n${tail}`}`;
}

/** Runs a bench child to its end and returns the result it reported. */
export async function runTsChild<T>(script: string, args: readonly string[], timeoutMs: number): Promise<T> {
  const finished = await startNode({ args: tsChildArgs(script, args), timeoutMs }).finished;
  const result = finished.stdout
    .split('\n')
    .map((line) => parseResult<T>(line))
    .find((r) => r !== undefined);
  if (finished.code !== 0 || finished.timedOut || result === undefined) {
    throw new Error(describeFailure(`${script} ${args.join(' ')}`.trim(), finished));
  }
  return result;
}

/** Starts a bench child that reports once (e.g. a server's address) and keeps running until stopped. */
export async function startTsService<T>(script: string, args: readonly string[], timeoutMs: number): Promise<{ readonly info: T; readonly service: Started }> {
  let report: (info: T) => void = () => undefined;
  const reported = new Promise<T>((resolve) => {
    report = resolve;
  });
  const service = startNode({
    args: tsChildArgs(script, args),
    timeoutMs,
    onStdoutLine: (line) => {
      const info = parseResult<T>(line);
      if (info !== undefined) report(info);
    },
  });
  const info = await Promise.race([reported, service.finished.then((finished) => Promise.reject(new Error(describeFailure(script, finished))))]);
  return { info, service };
}
