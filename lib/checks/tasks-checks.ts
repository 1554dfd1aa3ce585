/** Stopping tasks (docs/server-behavior.md §7.4). */
import type { AnsweredExchange } from '../model/exchange.ts';
import { defineCheck } from './check.ts';

export const stopAlwaysSucceeds = defineCheck<AnsweredExchange>({
  id: 'tasks.stop-always-succeeds',
  level: 'MUST',
  area: 'tasks',
  specRef: 'seed: TaskStopResponse ("The handler always returns {\\"result\\": \\"success\\"}"); docs/server-behavior.md §7.4',
  statement: 'POST /apps/{id}/tasks/{task_id}/stop answers 200 {"result": "success"}, also for a task id the server does not know.',
}, (exchange) => {
  const { status, json } = exchange.response;
  if (status === 200 && (json as { result?: unknown } | undefined)?.result === 'success') return [];
  return [{ message: `stopping a task was answered ${status}`, expected: '200 {"result": "success"}', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});
