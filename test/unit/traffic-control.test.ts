/**
 * Pacing: a paced client spaces every request, its first one included (the
 * run's clients follow one another), and an unpaced one never waits.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAFFIC, TrafficControl } from '../../lib/http/traffic-control.ts';

describe('TrafficControl.pace', () => {
  it('spaces requests by the interval, starting one interval after the client was made', async () => {
    const traffic = new TrafficControl({ ...DEFAULT_TRAFFIC, requestsPerMinute: 600 });
    const made = performance.now();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await traffic.pace();
      times.push(performance.now() - made);
    }
    // 600 per minute is one request every 100 ms; timers may fire a little early or late.
    expect(times[0]).toBeGreaterThanOrEqual(90);
    expect((times[2] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(190);
  });

  it('does not wait when unpaced: pace() settles without a timer', async () => {
    const traffic = new TrafficControl(DEFAULT_TRAFFIC);
    let settled = false;
    void traffic.pace().then(() => { settled = true; });
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(true);
  });
});
