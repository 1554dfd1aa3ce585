// The record of one named fault of the reference server.

export interface FaultDefinition {
  name: string;
  area: string;
  deviates: string;
  breaks: string;
  caughtBy: readonly string[];
}
