/**
 * Peak resident memory of a process and all its descendants, sampled from
 * /proc (Linux): every interval the tree is rebuilt from the parent ids in
 * /proc/<pid>/stat and the VmRSS of its members summed. The peak of the sum and
 * the largest single process are kept (they need not come from the same sample).
 */
import { readdir, readFile } from 'node:fs/promises';

export interface TreePeak {
  /** Largest sum of VmRSS over the tree, in bytes. */
  readonly treeBytes: number;
  /** Largest VmRSS of any single member, in bytes. */
  readonly largestProcessBytes: number;
  /** What that process is ('the main process', 'a vitest worker', or its /proc name). */
  readonly largestProcessName: string;
  /** Most processes seen in the tree at once. */
  readonly mostProcesses: number;
  readonly samples: number;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    // The process ended between listing and reading.
    return undefined;
  }
}

/** Parent id of every process, from field 4 of /proc/<pid>/stat (after the parenthesised command, which may hold spaces). */
async function parentIds(): Promise<Map<number, number>> {
  const parents = new Map<number, number>();
  const entries = await readdir('/proc');
  await Promise.all(
    entries
      .filter((name) => /^\d+$/.test(name))
      .map(async (name) => {
        const stat = await readText(`/proc/${name}/stat`);
        if (stat === undefined) return;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parents.set(Number(name), Number(fields[1]));
      }),
  );
  return parents;
}

function descendantsOf(root: number, parents: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, parent] of parents) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] ?? -1) ?? []));
  return tree;
}

/** What a member of the tree is, for the report: every one of them is called node. */
async function roleOf(pid: number, root: number, name: string): Promise<string> {
  if (pid === root) return 'the main process';
  const command = await readText(`/proc/${pid}/cmdline`);
  return command?.includes('vitest/dist/workers') === true ? 'a vitest worker' : name;
}

async function residentBytes(pid: number, root: number): Promise<{ bytes: number; name: string } | undefined> {
  const status = await readText(`/proc/${pid}/status`);
  const kb = status?.match(/^VmRSS:\s+(\d+) kB/m)?.[1];
  if (status === undefined || kb === undefined) return undefined;
  return { bytes: Number(kb) * 1024, name: await roleOf(pid, root, status.match(/^Name:\s+(.*)$/m)?.[1] ?? '?') };
}

/** Samples the tree under `root` every `intervalMs` until `stop` is called. */
export function sampleTreeRss(root: number, intervalMs = 50): { stop(): Promise<TreePeak> } {
  let peak = { treeBytes: 0, largestProcessBytes: 0, largestProcessName: '', mostProcesses: 0, samples: 0 };
  let running = true;
  const sampleOnce = async (): Promise<void> => {
    const members = descendantsOf(root, await parentIds());
    const sizes = (await Promise.all(members.map((pid) => residentBytes(pid, root)))).filter((s) => s !== undefined);
    if (sizes.length === 0) return;
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const sum = sizes.reduce((total, s) => total + s.bytes, 0);
    peak = {
      treeBytes: Math.max(peak.treeBytes, sum),
      largestProcessBytes: Math.max(peak.largestProcessBytes, largest.bytes),
      largestProcessName: largest.bytes > peak.largestProcessBytes ? largest.name : peak.largestProcessName,
      mostProcesses: Math.max(peak.mostProcesses, sizes.length),
      samples: peak.samples + 1,
    };
  };
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await sampleOnce();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (performance.now() - started))));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}
