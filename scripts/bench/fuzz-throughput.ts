/**
 * Figure 2: how close the suite's fuzzing comes to a plain load generator on
 * one list endpoint. The reference server runs in a child process; autocannon
 * fires one fixed valid GET /apps, the suite fuzzes GET /apps as its fuzz suite
 * does, each at the same concurrency, in this process.
 */
import { autocannonLoad, type CannonLoad } from './autocannon-load.ts';
import { startTsService } from './children.ts';
import { formatNumber, type BenchmarkResult, type Figure } from './figures.ts';
import { withCpuShare, type CpuShare } from './process-cpu.ts';
import type { ReferenceServerInfo } from './reference-server-child.ts';
import { SuiteFuzzer, type FuzzLoad } from './suite-fuzzer.ts';
import { numericSettingDefault } from '../../lib/config/settings.ts';

const DURATION_MS = 5000;
const WARM_UP_MS = 1500;
const SERVER_TIMEOUT_MS = 120_000;

function cpuNote(share: CpuShare<unknown>): string {
  return `server CPU ${share.otherPct.toFixed(0)}%, bench CPU ${share.selfPct.toFixed(0)}%`;
}

async function measure(info: ReferenceServerInfo, serverPid: number, fuzzer: SuiteFuzzer, log: (line: string) => void): Promise<BenchmarkResult> {
  const url = `${info.baseUrl}/apps?workspace_id=${encodeURIComponent(info.workspaceId)}`;
  // Both sides warm up (JIT, connection pools) before anything is counted.
  await autocannonLoad(url, info.token, 2, WARM_UP_MS);
  await fuzzer.load(2, WARM_UP_MS);
  const figures: Figure[] = [];
  const warnings: string[] = [];
  for (const concurrency of [numericSettingDefault('concurrency'), 8]) {
    const cannon: CpuShare<CannonLoad> = await withCpuShare(serverPid, () => autocannonLoad(url, info.token, concurrency, DURATION_MS));
    const fuzz: CpuShare<FuzzLoad> = await withCpuShare(serverPid, () => fuzzer.load(concurrency, DURATION_MS));
    const ratio = fuzz.result.perSecond / cannon.result.perSecond;
    log(
      `C=${concurrency}: autocannon ${formatNumber(cannon.result.perSecond)} req/s (${cpuNote(cannon)}), suite fuzzing ${formatNumber(fuzz.result.perSecond)} req/s (${cpuNote(fuzz)}), ratio ${ratio.toFixed(2)}`,
    );
    figures.push(
      {
        id: `fuzz.c${concurrency}.autocannon-rps`,
        label: `autocannon, C=${concurrency}`,
        value: cannon.result.perSecond,
        unit: 'req/s',
        detail: `${cannon.result.requests} requests; ${cpuNote(cannon)}`,
      },
      {
        id: `fuzz.c${concurrency}.suite-rps`,
        label: `suite fuzzing, C=${concurrency}`,
        value: fuzz.result.perSecond,
        unit: 'req/s',
        detail: `${fuzz.result.requests} requests in ${fuzz.result.operationRuns} operation runs; ${cpuNote(fuzz)}`,
      },
      { id: `fuzz.c${concurrency}.ratio`, label: `fuzzing / autocannon, C=${concurrency}`, value: ratio, unit: '', target: { comparison: '>=', value: 0.5 } },
    );
    if (cannon.result.unexpected > 0) warnings.push(`autocannon at C=${concurrency} got ${cannon.result.unexpected} non-2xx answers or errors`);
    const problems = [...new Set(fuzz.result.problems)];
    if (problems.length > 0) warnings.push(`suite fuzzing at C=${concurrency}: ${problems.slice(0, 3).join(' | ')}`);
  }
  return {
    name: 'Fuzzing throughput vs autocannon (GET /apps)',
    method:
      'The reference server (rate limit off) runs in a child process. For 5 s at concurrency C, autocannon sends one fixed valid `GET /apps?workspace_id=…`; then the suite fuzzes listApps as its fuzz suite does, through `fuzzOperation` (the examples, then fast-check inputs, `t.call` over its HttpClient, response checks, property checks), C operation runs at a time, without vitest. ' +
      'Server and bench CPU (percent of one core) show which side is the bottleneck; both sides after a 1.5 s warm-up.',
    figures,
    warnings,
  };
}

export async function benchFuzzThroughput(log: (line: string) => void): Promise<BenchmarkResult> {
  const { info, service } = await startTsService<ReferenceServerInfo>('reference-server-child.ts', [], SERVER_TIMEOUT_MS);
  try {
    const fuzzer = new SuiteFuzzer(info);
    try {
      return await measure(info, service.pid, fuzzer, log);
    } finally {
      await fuzzer.close();
    }
  } finally {
    await service.stop();
  }
}
