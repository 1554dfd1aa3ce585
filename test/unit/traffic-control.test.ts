/**
 * Pacing by token: one schedule hands out slots per bearer token, so requests of one token are
 * spaced at the rate the server allows, requests without a bearer (or with another token) cost
 * that budget nothing, and the suite workers share the schedule through the run's pacing server.
 */
import { describe, expect, it } from 'vitest';
import { pacingKey, RemotePacer, SlotSchedule } from '../../lib/http/pacing.ts';
import { DEFAULT_TRAFFIC, TrafficControl } from '../../lib/http/traffic-control.ts';
import { startPacingServer } from '../../lib/runner/pacing-server.ts';

describe('the slot schedule', () => {
  it('spaces the slots of one token by the interval and keeps tokens apart', () => {
    const schedule = new SlotSchedule(600);
    const now = 1_000_000;
    expect([schedule.reserve('a', now), schedule.reserve('a', now), schedule.reserve('a', now)]).toEqual([now, now + 100, now + 200]);
    expect(schedule.reserve('b', now)).toBe(now);
    expect(schedule.reserve(undefined, now)).toBe(now);
    // A slot is never in the past: a token idle for a while starts again from now.
    expect(schedule.reserve('a', now + 10_000)).toBe(now + 10_000);
  });

  it('keys a request by its bearer token only', () => {
    expect(pacingKey('Bearer dfoa_abc')).toBe(pacingKey('bearer  dfoa_abc '));
    expect(pacingKey('Bearer dfoa_abc')).not.toBe(pacingKey('Bearer dfoa_xyz'));
    for (const none of [undefined, 'Bearer ', 'Basic Y29uZm9ybWFuY2U6cHJvYmU=', 'Token dfoa_abc']) expect(pacingKey(none)).toBeUndefined();
  });

  it('does not wait when unpaced: pace() settles without a timer', async () => {
    const traffic = new TrafficControl(DEFAULT_TRAFFIC);
    let settled = false;
    void traffic.pace('Bearer dfoa_abc').then(() => {
      settled = true;
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(true);
  });
});

describe('the pacing server', () => {
  it('serves one schedule to every client over loopback', async () => {
    const server = await startPacingServer(60);
    try {
      const key = pacingKey('Bearer dfoa_shared') ?? '';
      // A worker's first slot is free; the next one of the same token, from another process's view, a second later.
      const first = await fetch(`${server.url}/slot?key=${key}`).then((r) => r.text());
      const second = await fetch(`${server.url}/slot?key=${key}`).then((r) => r.text());
      const third = await fetch(`${server.url}/slot?key=${key}`).then((r) => r.text());
      const other = await fetch(`${server.url}/slot?key=another`).then((r) => r.text());
      // Each wait is counted from when it is asked, so only the order of the slots is certain.
      expect(Number(first)).toBeLessThanOrEqual(0);
      expect(Number(second)).toBeGreaterThan(0);
      expect(Number(second)).toBeLessThanOrEqual(1000);
      expect(Number(third)).toBeGreaterThan(1000);
      expect(Number(other)).toBeLessThanOrEqual(0);
      // The run command's own clients reserve from the same schedule.
      expect(server.pacer).toBeInstanceOf(SlotSchedule);
      await new RemotePacer(server.url).wait(undefined);
    } finally {
      await server.close();
    }
  });
});
