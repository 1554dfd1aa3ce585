/**
 * Figure 4: the SSE reader's throughput on a long, well-formed stream, and the
 * memory the suite's readers need when a server is hostile (a 300 MB body, an
 * endless stream): each read runs in a child process against a local stream
 * server in this process, and the child reports its peak RSS and how the read ended.
 */
import { runTsChild } from './children.ts';
import { MB, type BenchmarkResult, type Figure } from './figures.ts';
import type { ReadReport } from './sse-reader-child.ts';
import { startStreamServer } from './stream-server.ts';

const LONG_EVENTS = 200_000;
const HUGE_BYTES = 300 * MB;
const STREAM_TIMEOUT_MS = 5000;
const CHILD_TIMEOUT_MS = 90_000;
const RSS_TARGET_MB = 200;

interface HostileRead {
  readonly id: string;
  readonly label: string;
  readonly args: (base: string) => string[];
}

const HOSTILE: readonly HostileRead[] = [
  { id: 'huge-body', label: '300 MB JSON body via HttpClient', args: (base) => ['body', `${base}/huge?bytes=${HUGE_BYTES}`] },
  { id: 'flood-large-events', label: 'endless SSE, 4 kB events', args: (base) => ['stream', `${base}/flood?size=4096`, String(STREAM_TIMEOUT_MS)] },
  { id: 'flood-small-events', label: 'endless SSE, 250 B events', args: (base) => ['stream', `${base}/flood?size=250`, String(STREAM_TIMEOUT_MS)] },
  { id: 'trickle', label: 'endless SSE, a ping every 100 ms', args: (base) => ['stream', `${base}/trickle?every=100`, String(STREAM_TIMEOUT_MS)] },
];

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

function howItEnded(report: ReadReport): string {
  const read = [report.bytes === undefined ? undefined : `${mb(report.bytes)} read`, report.events === undefined ? undefined : `${report.events} events`]
    .filter((s) => s !== undefined)
    .join(', ');
  return `ended ${report.end} after ${(report.durationMs / 1000).toFixed(1)} s${read === '' ? '' : ` (${read})`}: ${report.message}; RSS ${mb(report.startRssBytes)} before the read`;
}

export async function benchSseReader(log: (line: string) => void): Promise<BenchmarkResult> {
  const server = await startStreamServer();
  try {
    const long = await runTsChild<ReadReport>('sse-reader-child.ts', ['throughput', `${server.url}/long?events=${LONG_EVENTS}`], CHILD_TIMEOUT_MS);
    const seconds = long.durationMs / 1000;
    const warnings: string[] = [];
    if (long.end !== 'closed' || long.events !== LONG_EVENTS) warnings.push(`the throughput read ${howItEnded(long)}, expected all ${LONG_EVENTS} events`);
    log(`SSE throughput: ${mb(long.bytes ?? 0)}, ${long.events} events in ${seconds.toFixed(2)} s, peak RSS ${mb(long.peakRssBytes)}`);
    const figures: Figure[] = [
      {
        id: 'sse.throughput-mb-s',
        label: 'SSE reader throughput',
        value: (long.bytes ?? 0) / MB / seconds,
        unit: 'MB/s',
        detail: `${mb(long.bytes ?? 0)} in ${seconds.toFixed(2)} s`,
      },
      {
        id: 'sse.throughput-events-s',
        label: 'SSE reader events',
        value: (long.events ?? 0) / seconds,
        unit: 'events/s',
        detail: `${long.events} events, all kept, as the reader does`,
      },
      {
        id: 'sse.throughput-peak-rss-mb',
        label: 'SSE reader peak RSS, full read',
        value: long.peakRssBytes / MB,
        unit: 'MB',
        detail: `limits raised to read it all; RSS ${mb(long.startRssBytes)} before the read`,
      },
    ];
    for (const hostile of HOSTILE) {
      const report = await runTsChild<ReadReport>('sse-reader-child.ts', hostile.args(server.url), CHILD_TIMEOUT_MS);
      log(`${hostile.label}: peak RSS ${mb(report.peakRssBytes)}, ${howItEnded(report)}`);
      figures.push({
        id: `sse.hostile.${hostile.id}-peak-rss-mb`,
        label: `peak RSS, ${hostile.label}`,
        value: report.peakRssBytes / MB,
        unit: 'MB',
        detail: howItEnded(report),
        target: { comparison: '<', value: RSS_TARGET_MB },
      });
    }
    return {
      name: 'SSE reader and hostile answers',
      method:
        `A node:http server in the bench process streams; each read runs in a child process that reports process.resourceUsage().maxRSS. Throughput: ${LONG_EVENTS.toLocaleString('en-US')} \`data: {json}\` events read by lib/sse/sse-reader.ts with limits raised to read them all, MB/s and events/s over the whole read. ` +
        `Hostile: a 300 MB body through HttpClient, and endless streams through the SSE reader, with the suite's defaults (DIFY_MAX_RESPONSE_BYTES, 10,000 events, request timeout as idle limit) and a ${STREAM_TIMEOUT_MS / 1000} s stream timeout.`,
      figures,
      warnings,
    };
  } finally {
    await server.close();
  }
}
