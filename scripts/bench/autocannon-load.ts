/** One fixed request fired by autocannon: the ceiling a load generator reaches against the server. */
import autocannon from 'autocannon';

export interface CannonLoad {
  readonly requests: number;
  readonly perSecond: number;
  /** Non-2xx answers plus connection errors: a valid request should get none. */
  readonly unexpected: number;
}

export async function autocannonLoad(url: string, token: string, connections: number, durationMs: number): Promise<CannonLoad> {
  const result = await autocannon({
    url,
    connections,
    pipelining: 1,
    duration: durationMs / 1000,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  return { requests: result.requests.total, perSecond: result.requests.total / result.duration, unexpected: result.non2xx + result.errors };
}
