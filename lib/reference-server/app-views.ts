// How apps are rendered: list rows, describe blocks and the input JSON Schema
// (docs/server-behavior.md §3, §6.1).
import { userInputForm } from './dsl.ts';
import type { ServerState, App, InputVariable } from './state.ts';
import { CHAT_FAMILY } from './state.ts';
import { isoSeconds } from './time.ts';

export function appListRow(state: ServerState, app: App): Record<string, unknown> {
  return {
    id: app.id,
    name: app.name,
    description: app.description,
    mode: app.mode,
    tags: app.tags.map((name) => ({ name })),
    updated_at: isoSeconds(app.updatedAt),
    created_by_name: state.account(app.authorId)?.name ?? '',
    workspace_id: app.workspaceId,
    workspace_name: state.workspaces.get(app.workspaceId)?.name ?? '',
  };
}

/** Newest edit first; the id breaks ties so pages never overlap. */
export function byUpdatedAtDesc(a: App, b: App): number {
  return b.updatedAt - a.updatedAt || a.id.localeCompare(b.id);
}

export function describeInfo(state: ServerState, app: App): Record<string, unknown> {
  return {
    id: app.id,
    name: app.name,
    description: app.description,
    mode: app.mode,
    author: state.account(app.authorId)?.name ?? '',
    tags: app.tags.map((name) => ({ name })),
    updated_at: isoSeconds(app.updatedAt),
    service_api_enabled: app.enableApi,
    is_agent: app.mode === 'agent-chat' || app.mode === 'advanced-chat',
  };
}

const FILE_LIMITS = {
  file_size_limit: 15,
  batch_count_limit: 5,
  image_file_size_limit: 10,
  video_file_size_limit: 100,
  audio_file_size_limit: 50,
  workflow_file_upload_limit: 10,
};

/** What describe answers for the parameters of an app whose configuration is unavailable. */
export const UNAVAILABLE_PARAMETERS = {
  opening_statement: null,
  suggested_questions: [],
  user_input_form: [],
  file_upload: null,
  system_parameters: {},
};

export const EMPTY_INPUT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {},
  required: [],
};

/** The Service API `GET /parameters` shape. */
export function describeParameters(app: App): Record<string, unknown> {
  const takesFiles = app.variables.some((variable) => variable.type === 'file' || variable.type === 'file-list');
  return {
    opening_statement: app.mode === 'chat' || app.mode === 'agent-chat' ? `Hi! I'm ${app.name}. How can I help?` : '',
    suggested_questions: [],
    suggested_questions_after_answer: { enabled: false },
    speech_to_text: { enabled: false },
    text_to_speech: { enabled: false, voice: '', language: '' },
    retriever_resource: { enabled: true },
    annotation_reply: { enabled: false },
    more_like_this: { enabled: false },
    user_input_form: userInputForm(app.variables),
    sensitive_word_avoidance: { enabled: false, type: '', configs: [] },
    file_upload: takesFiles
      ? {
          enabled: true,
          allowed_file_types: ['document'],
          allowed_file_extensions: [],
          allowed_file_upload_methods: ['local_file', 'remote_url'],
          number_limits: 1,
        }
      : { enabled: false },
    system_parameters: FILE_LIMITS,
  };
}

const FILE_MAPPING_SCHEMA = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    transfer_method: { type: 'string', enum: ['local_file', 'remote_url'] },
    upload_file_id: { type: 'string' },
    url: { type: 'string' },
  },
  required: ['transfer_method'],
};

function variableSchema(variable: InputVariable): Record<string, unknown> {
  const base = { title: variable.label };
  switch (variable.type) {
    case 'text-input':
    case 'paragraph':
      return { ...base, type: 'string', ...(variable.maxLength !== undefined ? { maxLength: variable.maxLength } : {}) };
    case 'select':
      return { ...base, type: 'string', enum: [...(variable.options ?? [])] };
    case 'number':
      return { ...base, type: 'number' };
    case 'file':
      return { ...base, ...FILE_MAPPING_SCHEMA };
    case 'file-list':
      return { ...base, type: 'array', items: FILE_MAPPING_SCHEMA };
  }
}

/** JSON Schema (draft 2020-12) of a run request body for this app. */
export function inputSchema(app: App): Record<string, unknown> {
  const inputs = {
    type: 'object',
    properties: Object.fromEntries(app.variables.map((variable) => [variable.variable, variableSchema(variable)])),
    required: app.variables.filter((variable) => variable.required).map((variable) => variable.variable),
    additionalProperties: false,
  };
  const chat = CHAT_FAMILY.includes(app.mode);
  return {
    ...EMPTY_INPUT_SCHEMA,
    properties: chat ? { query: { type: 'string', minLength: 1 }, inputs } : { inputs },
    required: chat ? ['query', 'inputs'] : ['inputs'],
  };
}
