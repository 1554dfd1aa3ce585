/**
 * Builds a run request an app accepts, from its describe input_schema
 * (docs/server-behavior.md §6.1): a value for every required input, within the
 * input's maxLength (a longer value is a 500 on a real server, §12.2), `query`
 * for chat-family modes, and nothing for workflows.
 */
import type { AppModeKey } from '../config/load-config.ts';
import type { AnsweredExchange } from '../model/exchange.ts';
import type { ConformanceTestContext } from './conformance-test.ts';

interface PropertySchema {
  readonly type?: unknown;
  readonly enum?: readonly unknown[];
  readonly maxLength?: unknown;
}

const CHAT_FAMILY: ReadonlySet<AppModeKey> = new Set(['chat', 'advanced-chat', 'agent-chat']);

const SAMPLE_TEXT = 'conformance';

/** A value of the schema's type, or undefined when the suite cannot make one (a file). */
function sampleValue(schema: PropertySchema): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return typeof schema.maxLength === 'number' && schema.maxLength >= 1 ? SAMPLE_TEXT.slice(0, schema.maxLength) : SAMPLE_TEXT;
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return undefined;
  }
}

export interface RunBody {
  readonly inputs: Record<string, unknown>;
  readonly query?: string;
}

// The describe answers asked for, per run and app: every run test of an app needs the same schema.
const described = new Map<string, Promise<AnsweredExchange>>();

function describeInputs(t: ConformanceTestContext, appId: string): Promise<AnsweredExchange> {
  const key = `${t.run.runId} ${appId}`;
  let answer = described.get(key);
  if (answer === undefined) {
    answer = t.call('describeApp', { path: { app_id: appId }, query: { fields: 'input_schema' } });
    answer.catch(() => described.delete(key));
    described.set(key, answer);
  }
  return answer;
}

/**
 * Asks describe for the app's input schema (once per run and app) and fills every required input.
 * Skips the test when a required input needs a file (the files suite covers those).
 */
export async function validRunBody(t: ConformanceTestContext, appId: string, mode: AppModeKey, files?: Record<string, unknown>): Promise<RunBody> {
  const describe = await describeInputs(t, appId);
  const schema = (
    describe.response.json as
      { input_schema?: { properties?: { inputs?: { properties?: Record<string, PropertySchema>; required?: readonly string[] } } } } | undefined
  )?.input_schema;
  // Without the app's input schema no valid run can be built: that is a missing fixture, not a
  // reason to blame the run endpoint for refusing a guess.
  if (describe.response.status !== 200 || schema === undefined || schema === null) {
    return t.skip(
      `the input schema of app ${appId} is not available (GET /apps/{id}/describe?fields=input_schema answered ${describe.response.status}${describe.response.status === 200 ? ' without it' : ''}), so no valid run can be built`,
    );
  }
  const inputSchema = schema.properties?.inputs;
  const inputs: Record<string, unknown> = {};
  for (const name of inputSchema?.required ?? []) {
    const value = files?.[name] ?? sampleValue(inputSchema?.properties?.[name] ?? {});
    if (value === undefined) return t.skip(`the ${mode} app ${appId} needs a file input "${name}"; configure an app without required file inputs`);
    inputs[name] = value;
  }
  return CHAT_FAMILY.has(mode) ? { inputs, query: `Hello from dify-conformance ${t.run.runId}` } : { inputs };
}
