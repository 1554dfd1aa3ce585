/** Stopping tasks (docs/server-behavior.md §7.4). */
import type { AnsweredExchange } from '../model/exchange.ts';
import { seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

export const stopAlwaysSucceeds = defineCheck<AnsweredExchange>(
  {
    id: 'tasks.stop-always-succeeds',
    area: 'tasks',
    statement: 'POST /apps/{id}/tasks/{task_id}/stop answers 200 {"result": "success"}, also for a task id the server does not know.',
    basis: [seed('#/components/schemas/TaskStopResponse', 'the handler always returns {"result": "success"}'), server('§7.4')],
  },
  (exchange) => {
    const { status, json } = exchange.response;
    if (status === 200 && (json as { result?: unknown } | undefined)?.result === 'success') return [];
    return [
      {
        message: `stopping a task was answered ${status}`,
        expected: '200 {"result": "success"}',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);

export const stopFinishedSucceeds = defineCheck<AnsweredExchange>(
  {
    id: 'tasks.stop-finished-succeeds',
    area: 'tasks',
    statement: 'POST /apps/{id}/tasks/{task_id}/stop for the task of a run that has already finished answers 200 {"result": "success"}.',
    basis: [
      seed('#/components/schemas/TaskStopResponse', 'the handler always returns {"result": "success"}'),
      server('§7.4', 'finished task ids are not errors'),
    ],
  },
  (exchange) => {
    const { status, json } = exchange.response;
    if (status === 200 && (json as { result?: unknown } | undefined)?.result === 'success') return [];
    return [
      {
        message: `stopping the task of a finished run was answered ${status}`,
        expected: '200 {"result": "success"}',
        observed: `${status} ${exchange.response.bodyText.slice(0, 200)}`,
      },
    ];
  },
);
