// An app of the server's world (lib/reference-server/state.ts): its mode, inputs and DSL documents.

export const APP_MODES = ['advanced-chat', 'agent', 'agent-chat', 'channel', 'chat', 'completion', 'rag-pipeline', 'workflow'] as const;
export type AppMode = (typeof APP_MODES)[number];

export type InputType = 'text-input' | 'paragraph' | 'select' | 'number' | 'file' | 'file-list';

export interface InputVariable {
  variable: string;
  label: string;
  type: InputType;
  required: boolean;
  maxLength?: number;
  options?: readonly string[];
}

export interface App {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  mode: AppMode;
  iconType: string;
  icon: string;
  iconBackground: string;
  tags: string[];
  authorId: string;
  createdAt: number;
  updatedAt: number;
  enableApi: boolean;
  variables: InputVariable[];
  /** Published workflow versions, newest first: what a run uses and `export?workflow_id=` can select. */
  workflowIds: string[];
  /** Runs stop at a human-input node and wait for its form. */
  pausesForHumanInput: boolean;
  permittedExternally: boolean;
  /** The app's draft DSL document (without `version`/`kind`, added on export). */
  dsl: Record<string, unknown>;
  /**
   * The document of the published version, null while the app was never
   * published. A run uses the published version (docs/server-behavior.md
   * §12.1), which `variables`, `workflowIds` and `pausesForHumanInput`
   * describe; an import writes only `dsl`, the draft. The ideal profile
   * publishes every import at once, so there both documents are the same.
   */
  publishedDsl: Record<string, unknown> | null;
}
