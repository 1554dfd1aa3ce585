// Runs kept in memory so they can be stopped, reconnected to and resumed.
export interface Run {
  taskId: string;
}
