/**
 * The run's one schedule of request slots (lib/http/pacing.ts), served on loopback to the suite
 * workers, which are other processes: a worker asks for a slot before each request that carries a
 * bearer token and is told how long to wait for it. Only the loopback interface listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlotSchedule, type Pacer } from '../http/pacing.ts';

export interface PacingServer {
  /** For clients in this process. */
  readonly pacer: Pacer;
  /** For the workers (RemotePacer). */
  readonly url: string;
  close(): Promise<void>;
}

export async function startPacingServer(requestsPerMinute: number): Promise<PacingServer> {
  const schedule = new SlotSchedule(requestsPerMinute);
  const server = createServer((req, res) => {
    const key = new URL(req.url ?? '/', 'http://pacing.invalid').searchParams.get('key') ?? undefined;
    const now = Date.now();
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(String(schedule.reserve(key, now) - now));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    pacer: schedule,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
