/** DSL imports and their confirmation (docs/server-behavior.md §8). */
import type { AnsweredExchange } from '../model/exchange.ts';
import { defineCheck } from './check.ts';

export const confirmUnknownFails = defineCheck<AnsweredExchange>({
  id: 'imports.confirm-unknown-fails',
  level: 'MUST',
  area: 'imports',
  specRef: 'seed: POST …/imports/{import_id}/confirm 400 "Import failed" (Import); docs/server-behavior.md §8.2',
  statement: 'Confirming an import id that does not exist is answered 400 with an Import whose status is failed.',
}, (exchange) => {
  const { status, json } = exchange.response;
  const importStatus = (json as { status?: unknown } | undefined)?.status;
  if (status === 400 && importStatus === 'failed') return [];
  return [{ message: `confirming an unknown import was answered ${status} with status ${JSON.stringify(importStatus)}`, expected: '400 with {"status": "failed"}', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});
