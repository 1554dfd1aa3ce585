// Runs kept in memory so that they can be stopped, reconnected to and resumed
// after a human-input pause. A run plays its script in the background and
// publishes frames to whoever is listening; a client going away does not stop
// it, as in the real server.
import type { App } from './app-model.ts';

export type Frame = { kind: 'ping' } | { kind: 'data'; event: Record<string, unknown> };
export type RunStatus = 'running' | 'paused' | 'succeeded' | 'stopped';

export interface FormSubmission {
  action: string;
  inputs: Record<string, unknown>;
}

export interface RunInfo {
  app: App;
  taskId: string;
  /** Workflow-family runs only; the id `tasks/{id}/events` takes. */
  workflowRunId: string | null;
  workflowId: string | null;
  messageId: string | null;
  conversationId: string | null;
  subjectKey: string;
  createdBy: { id: string; name: string; email: string };
  inputs: Record<string, unknown>;
  query: string;
  createdAt: number;
}

/** Thrown inside a script when a stop request arrives. */
export class StopSignal extends Error {}

export class Run {
  status: RunStatus = 'running';
  /** Data events published so far, for state snapshots on reconnect. */
  readonly history: Record<string, unknown>[] = [];
  /** The `workflow_finished` event once the run has ended. */
  finishedEvent: Record<string, unknown> | null = null;
  private readonly listeners = new Set<(frame: Frame) => void>();
  private stopRequested = false;
  private submission: FormSubmission | null = null;
  private wake: (() => void) | null = null;

  constructor(readonly info: RunInfo) {}

  subscribe(listener: (frame: Frame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(frame: Frame): void {
    if (frame.kind === 'data') {
      this.history.push(frame.event);
      if (frame.event.event === 'workflow_finished') this.finishedEvent = frame.event;
    }
    for (const listener of [...this.listeners]) listener(frame);
  }

  get stopping(): boolean {
    return this.stopRequested;
  }

  requestStop(): void {
    if (this.status === 'succeeded' || this.status === 'stopped') return;
    this.stopRequested = true;
    this.wake?.();
  }

  resume(submission: FormSubmission): void {
    this.submission = submission;
    this.wake?.();
  }

  /** Waits `ms`, cut short by a stop request. */
  async pause(ms: number): Promise<void> {
    if (this.stopRequested) throw new StopSignal();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = null;
    if (this.stopRequested) throw new StopSignal();
  }

  /** Waits for the human-input form to be submitted (or the run stopped). */
  async waitForSubmission(): Promise<FormSubmission> {
    while (!this.submission) {
      if (this.stopRequested) throw new StopSignal();
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    if (this.stopRequested) throw new StopSignal();
    return this.submission;
  }
}

export function findRunByWorkflowRunId(runs: ReadonlyMap<string, Run>, workflowRunId: string): Run | undefined {
  return [...runs.values()].find((run) => run.info.workflowRunId === workflowRunId);
}
