// Dify app DSL documents (kind: app): the seeded apps' documents, what an
// imported document tells us about the app, and the export rendering.
import { stringify } from 'yaml';
import type { App, AppMode, InputType, InputVariable } from './state.ts';
import { WORKFLOW_FAMILY } from './state.ts';
import { isPlainObject } from './validation.ts';

export const CURRENT_DSL_VERSION = '0.6.0';

const INPUT_TYPES: readonly InputType[] = ['text-input', 'paragraph', 'select', 'number', 'file', 'file-list'];
const CHAT_MODES_WITH_OPENING: readonly AppMode[] = ['chat', 'agent-chat'];

export interface SecretSetting {
  name: string;
  value: string;
  secret: boolean;
}

export interface DocumentSeed {
  name: string;
  description: string;
  mode: AppMode;
  icon: string;
  iconBackground: string;
  variables: readonly InputVariable[];
  environment: readonly SecretSetting[];
  humanInput: boolean;
  model: { provider: string; name: string };
}

function startVariable(variable: InputVariable): Record<string, unknown> {
  return {
    variable: variable.variable,
    label: variable.label,
    type: variable.type,
    required: variable.required,
    ...(variable.maxLength !== undefined ? { max_length: variable.maxLength } : {}),
    ...(variable.options !== undefined ? { options: [...variable.options] } : {}),
    ...(variable.type === 'file' || variable.type === 'file-list'
      ? { allowed_file_types: ['document'], allowed_file_upload_methods: ['local_file', 'remote_url'] }
      : {}),
  };
}

export function userInputForm(variables: readonly InputVariable[]): Record<string, unknown>[] {
  return variables.map((variable) => {
    const { type, ...rest } = startVariable(variable);
    return { [String(type)]: { ...rest, default: '' } };
  });
}

function llmNode(id: string, title: string, model: DocumentSeed['model']): Record<string, unknown> {
  return {
    id,
    type: 'custom',
    data: {
      type: 'llm',
      title,
      model: { provider: model.provider, name: model.name, mode: 'chat', completion_params: { temperature: 0.2 } },
      prompt_template: [{ role: 'system', text: 'You are a careful assistant. Answer concisely.' }],
      context: { enabled: false, variable_selector: [] },
      vision: { enabled: false },
    },
  };
}

function workflowGraph(seed: DocumentSeed): Record<string, unknown> {
  const nodes: Record<string, unknown>[] = [
    { id: 'start', type: 'custom', data: { type: 'start', title: 'Start', variables: seed.variables.map(startVariable) } },
  ];
  if (seed.humanInput) {
    nodes.push({
      id: 'review',
      type: 'custom',
      data: { type: 'human-input', title: 'Manager review', delivery_methods: [{ type: 'webapp', enabled: true }], timeout: 24, timeout_unit: 'hour' },
    });
  }
  nodes.push(llmNode('llm', 'Draft answer', seed.model));
  nodes.push(
    seed.mode === 'advanced-chat'
      ? { id: 'answer', type: 'custom', data: { type: 'answer', title: 'Answer', answer: '{{#llm.text#}}' } }
      : { id: 'end', type: 'custom', data: { type: 'end', title: 'End', outputs: [{ variable: 'result', value_selector: ['llm', 'text'] }] } },
  );
  const edges = nodes.slice(1).map((node, index) => ({
    id: `edge-${index}`,
    source: String((nodes[index] ?? {}).id),
    target: String(node.id),
  }));
  return { nodes, edges };
}

/** `langgenius/openai/openai` (a model provider) is served by plugin `langgenius/openai`. */
function pluginOf(provider: string): string {
  return provider.split('/').slice(0, 2).join('/');
}

/** The document a seeded app would export, minus `version`/`kind`. */
export function seedDocument(seed: DocumentSeed): Record<string, unknown> {
  const app = {
    name: seed.name,
    description: seed.description,
    mode: seed.mode,
    icon_type: 'emoji',
    icon: seed.icon,
    icon_background: seed.iconBackground,
    use_icon_as_answer_icon: false,
  };
  const dependencies = [
    {
      type: 'marketplace',
      value: { marketplace_plugin_unique_identifier: `${pluginOf(seed.model.provider)}:0.1.4@5a1f0c2e9b7d` },
      current_identifier: null,
    },
  ];
  if (WORKFLOW_FAMILY.includes(seed.mode)) {
    return {
      app,
      dependencies,
      workflow: {
        conversation_variables: [],
        environment_variables: seed.environment.map((setting) => ({
          name: setting.name,
          value: setting.value,
          value_type: setting.secret ? 'secret' : 'string',
        })),
        features: { file_upload: { enabled: false }, opening_statement: '', suggested_questions: [] },
        graph: workflowGraph(seed),
      },
    };
  }
  return {
    app,
    dependencies,
    model_config: {
      model: { provider: seed.model.provider, name: seed.model.name, mode: 'chat', completion_params: { temperature: 0.3 } },
      pre_prompt: `You are ${seed.name}. ${seed.description}`,
      opening_statement: CHAT_MODES_WITH_OPENING.includes(seed.mode) ? `Hi! I'm ${seed.name}. How can I help?` : '',
      suggested_questions: [],
      user_input_form: userInputForm(seed.variables),
      agent_mode: { enabled: seed.mode === 'agent-chat', strategy: 'function_call', tools: [] },
    },
  };
}

function readVariable(raw: unknown, fallbackType?: string): InputVariable | undefined {
  if (!isPlainObject(raw)) return undefined;
  const type = typeof raw.type === 'string' ? raw.type : fallbackType;
  if (typeof raw.variable !== 'string' || !INPUT_TYPES.includes(type as InputType)) return undefined;
  return {
    variable: raw.variable,
    label: typeof raw.label === 'string' ? raw.label : raw.variable,
    type: type as InputType,
    required: raw.required === true,
    ...(typeof raw.max_length === 'number' ? { maxLength: raw.max_length } : {}),
    ...(Array.isArray(raw.options) ? { options: raw.options.map(String) } : {}),
  };
}

function graphNodes(document: Record<string, unknown>): Record<string, unknown>[] {
  const workflow = document.workflow;
  if (!isPlainObject(workflow) || !isPlainObject(workflow.graph) || !Array.isArray(workflow.graph.nodes)) return [];
  return workflow.graph.nodes.filter(isPlainObject);
}

/** Input variables declared by a document: start node (workflow family) or user_input_form. */
export function documentVariables(document: Record<string, unknown>, mode: AppMode): InputVariable[] {
  if (WORKFLOW_FAMILY.includes(mode)) {
    const start = graphNodes(document).find((node) => isPlainObject(node.data) && node.data.type === 'start');
    const raw = start && isPlainObject(start.data) && Array.isArray(start.data.variables) ? start.data.variables : [];
    return raw.map((entry) => readVariable(entry)).filter((entry): entry is InputVariable => entry !== undefined);
  }
  const config = document.model_config;
  const form = isPlainObject(config) && Array.isArray(config.user_input_form) ? config.user_input_form : [];
  return form.flatMap((row) => {
    if (!isPlainObject(row)) return [];
    const [type, body] = Object.entries(row)[0] ?? [];
    const variable = readVariable(body, type);
    return variable ? [variable] : [];
  });
}

export function documentHasHumanInput(document: Record<string, unknown>): boolean {
  return graphNodes(document).some((node) => isPlainObject(node.data) && node.data.type === 'human-input');
}

/**
 * YAML text of one of the app's documents, under the app's current name and
 * icon; secret environment values are blanked unless asked for.
 * `flattenApp` is the export-app-section-flattened fault: the app section's fields land at the top level.
 */
export function exportDsl(app: App, source: Record<string, unknown>, includeSecret: boolean, flattenApp = false): string {
  const document = structuredClone(source);
  document.app = {
    ...(isPlainObject(document.app) ? document.app : {}),
    name: app.name,
    description: app.description,
    mode: app.mode,
    icon_type: app.iconType,
    icon: app.icon,
    icon_background: app.iconBackground,
  };
  const workflow = document.workflow;
  if (!includeSecret && isPlainObject(workflow) && Array.isArray(workflow.environment_variables)) {
    workflow.environment_variables = workflow.environment_variables.map((setting: unknown) =>
      isPlainObject(setting) && setting.value_type === 'secret' ? { ...setting, value: '' } : setting,
    );
  }
  const { app: appBlock, ...rest } = document;
  if (flattenApp) return stringify({ ...(isPlainObject(appBlock) ? appBlock : {}), kind: 'app', version: CURRENT_DSL_VERSION, ...rest });
  return stringify({ app: appBlock, kind: 'app', version: CURRENT_DSL_VERSION, ...rest });
}
