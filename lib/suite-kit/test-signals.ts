/** How a test ends early: the outcomes its undecided checks are given come from these. */
import type { Exchange } from '../model/exchange.ts';

/** Ends a test early: its undecided checks are skipped with the reason. */
export class SkipSignal extends Error {
  override readonly name = 'SkipSignal';
}

/** The server did not answer (timeout, reset, too large): the checks that needed the answer are errored. */
export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
  constructor(readonly exchange: Exchange) {
    super(
      `${exchange.request.method} ${exchange.operationId ?? exchange.request.url}: ${exchange.transportError?.kind ?? 'error'}: ${exchange.transportError?.message ?? ''}`,
    );
  }
}
