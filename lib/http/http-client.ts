/**
 * The suite's HTTP client: one undici Agent pools keep-alive connections per origin for
 * requests and streams alike, and one TrafficControl paces them. Every request goes through
 * `exchange` (lib/http/exchange.ts).
 */
import { Agent } from 'undici';
import type { Exchange } from '../model/exchange.ts';
import { exchange, type ExchangeRequest, type ExchangeResult, type Link, type Transport } from './exchange.ts';
import { DEFAULT_TRAFFIC, TrafficControl, type TrafficOptions } from './traffic-control.ts';

export interface HttpClientOptions {
  readonly requestTimeoutMs: number;
  readonly maxResponseBytes: number;
  readonly traffic?: TrafficOptions;
  /** The read-only profile: requests other than GET are not sent. */
  readonly readOnly?: boolean;
}

/** A request whose whole answer is read (no stream). */
export type HttpRequest = Omit<ExchangeRequest, 'stream' | 'route'>;

export class HttpClient implements Transport {
  readonly #agent: Agent;
  readonly #link: Link;
  readonly traffic: TrafficControl;

  constructor(options: HttpClientOptions) {
    this.traffic = new TrafficControl(options.traffic ?? DEFAULT_TRAFFIC);
    this.#agent = new Agent({
      connect: { timeout: options.requestTimeoutMs },
      headersTimeout: options.requestTimeoutMs,
      bodyTimeout: options.requestTimeoutMs,
      keepAliveTimeout: 10_000,
      connections: 16,
    });
    this.#link = {
      dispatcher: this.#agent,
      traffic: this.traffic,
      requestTimeoutMs: options.requestTimeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      readOnly: options.readOnly ?? false,
    };
  }

  exchange(request: ExchangeRequest): Promise<ExchangeResult> {
    return exchange(this.#link, request);
  }

  /** Sends a request and reads its whole answer (the run command's own requests). */
  async send(request: HttpRequest): Promise<Exchange> {
    const result = await exchange(this.#link, request);
    if (!result.sent) throw new Error(result.reason);
    return result.exchange;
  }

  /** The pooled Agent, for a stream read outside `exchange` (the benchmarks). */
  get dispatcher(): Agent {
    return this.#agent;
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}
