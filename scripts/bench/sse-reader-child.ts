/**
 * Figure 4, the reading side, in a process of its own so its peak RSS is the
 * reader's: reads one URL of the stream server the way the suite reads
 * answers and reports how the read ended and the process's peak RSS.
 *   node --import tsx scripts/bench/sse-reader-child.ts throughput <url>
 *   node --import tsx scripts/bench/sse-reader-child.ts body <url>
 *   node --import tsx scripts/bench/sse-reader-child.ts stream <url> <total timeout ms>
 * throughput: the SSE reader with limits that let it read everything;
 * body: HttpClient.send with the suite's default limits;
 * stream: the SSE reader with the limits ConformanceTestContext.stream gives it.
 */
import { HttpClient } from '../../lib/http/http-client.ts';
import { DEFAULT_TRAFFIC } from '../../lib/http/traffic-control.ts';
import { readSseStream } from '../../lib/sse/sse-reader.ts';
import { reportResult } from './child-result.ts';
import { numericSettingDefault } from '../../lib/config/settings.ts';

export interface ReadReport {
  /** How the read ended: an SseStreamResult end, a transport error kind, or 'answered'. */
  readonly end: string;
  readonly message: string;
  readonly bytes: number | undefined;
  readonly events: number | undefined;
  readonly durationMs: number;
  /** Resident set when the read began and at its peak (process.resourceUsage().maxRSS). */
  readonly startRssBytes: number;
  readonly peakRssBytes: number;
}

const [mode, url = '', totalTimeout] = process.argv.slice(2);
const requestTimeoutMs = numericSettingDefault('requestTimeoutMs');
const maxResponseBytes = numericSettingDefault('maxResponseBytes');
const http = new HttpClient({ requestTimeoutMs, maxResponseBytes, traffic: DEFAULT_TRAFFIC });
const startRssBytes = process.memoryUsage.rss();
const started = performance.now();

async function read(): Promise<Omit<ReadReport, 'startRssBytes' | 'peakRssBytes' | 'durationMs'>> {
  const headers = { accept: 'text/event-stream' };
  switch (mode) {
    case 'throughput': {
      const result = await readSseStream({
        method: 'GET',
        url,
        headers,
        idleTimeoutMs: requestTimeoutMs,
        totalTimeoutMs: 120_000,
        maxBytes: 2 ** 31,
        maxEvents: 10_000_000,
        dispatcher: http.dispatcher,
      });
      return { end: result.end, message: result.endMessage ?? '', bytes: result.bytes, events: result.events.length };
    }
    case 'stream': {
      const result = await readSseStream({
        method: 'GET',
        url,
        headers,
        idleTimeoutMs: requestTimeoutMs,
        totalTimeoutMs: Number(totalTimeout),
        maxBytes: maxResponseBytes,
        dispatcher: http.dispatcher,
      });
      return { end: result.end, message: result.endMessage ?? '', bytes: result.bytes, events: result.events.length };
    }
    case 'body': {
      const exchange = await http.send({ operationId: null, method: 'GET', url, headers: { accept: 'application/json' } });
      return exchange.response === undefined
        ? { end: exchange.transportError?.kind ?? 'other', message: exchange.transportError?.message ?? '', bytes: undefined, events: undefined }
        : { end: 'answered', message: `status ${exchange.response.status}`, bytes: exchange.response.bodyBytes, events: undefined };
    }
    default:
      throw new Error(`unknown mode ${mode ?? '(none)'}: throughput, body or stream`);
  }
}

const outcome = await read();
const durationMs = performance.now() - started;
await http.close();
reportResult({ ...outcome, durationMs, startRssBytes, peakRssBytes: process.resourceUsage().maxRSS * 1024 } satisfies ReadReport);
