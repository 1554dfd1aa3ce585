// What the stream extras (lib/reference-server/stream-extras.ts) play a run with: the run's
// Player (lib/reference-server/run-scripts.ts), which plays them in turn, as far as they use it.

export interface NodeSpec {
  id: string;
  type: string;
  title: string;
}

export interface StreamPlayer {
  readonly context: { nextId(kind: string): string };
  readonly narrator: {
    workflowBase(): Record<string, unknown>;
    messageBase(): Record<string, unknown>;
    executionOf(nodeId: string): string | undefined;
    nodeStarted(node: NodeSpec, within?: Record<string, unknown>): Record<string, unknown>;
    nodeFinished(node: NodeSpec, outputs: Record<string, unknown>, within?: Record<string, unknown>): Record<string, unknown>;
  };
  emit(event: Record<string, unknown>): Promise<void>;
  node(node: NodeSpec, outputs: Record<string, unknown>, during?: () => Promise<void>): Promise<void>;
}
