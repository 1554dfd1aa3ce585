/**
 * Progress output: a line per finished suite file under CI or when piped, a
 * live line only on a terminal, colour only on a terminal without NO_COLOR.
 */
import { describe, expect, it } from 'vitest';
import { colourAllowed, ProgressPrinter, progressMode } from '../../lib/runner/progress.ts';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return {
    isTTY,
    columns: 80,
    chunks,
    write: (text: string) => {
      chunks.push(text);
      return true;
    },
  };
}

describe('progress mode and colour', () => {
  it('is live on a terminal, line-oriented under CI or when not a terminal', () => {
    expect(progressMode({ isTTY: true, write: () => true }, {})).toBe('live');
    expect(progressMode({ isTTY: true, write: () => true }, { CI: 'true' })).toBe('lines');
    expect(progressMode({ isTTY: true, write: () => true }, { CI: 'false' })).toBe('live');
    expect(progressMode({ isTTY: false, write: () => true }, {})).toBe('lines');
  });

  it('colours only a terminal, and never with NO_COLOR set', () => {
    expect(colourAllowed({ isTTY: true, write: () => true }, {})).toBe(true);
    expect(colourAllowed({ isTTY: true, write: () => true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourAllowed({ isTTY: false, write: () => true }, {})).toBe(false);
  });
});

describe('ProgressPrinter', () => {
  it('prints one plain line per finished file in lines mode, with its counts', () => {
    let now = 0;
    const out = sink(false);
    const progress = new ProgressPrinter(out, 'lines', false, () => now);
    progress.testStarted('suites/runs.test.ts', '[runs.stop] stop a run');
    progress.testFinished('suites/runs.test.ts', 'ok');
    progress.testFinished('suites/runs.test.ts', 'failed');
    progress.testFinished('suites/runs.test.ts', 'warned');
    now = 2500;
    progress.fileFinished('suites/runs.test.ts', 1200);
    progress.finish();
    expect(out.chunks.join('')).toBe('[  2.5 s] FAIL runs: 3 test(s), 1 ok, 1 failed, 1 warned (1.2 s)\n');
  });

  it('keeps a live line with the test running now on a terminal, coloured unless told not to', () => {
    const out = sink(true);
    const progress = new ProgressPrinter(out, 'live', true, () => 0);
    progress.testStarted('suites/meta.test.ts', '[meta.health.ok] GET /_health');
    progress.testFinished('suites/meta.test.ts', 'ok');
    progress.fileFinished('suites/meta.test.ts', 10);
    progress.finish();
    const text = out.chunks.join('');
    expect(text).toContain('meta › [meta.health.ok] GET /_health');
    expect(text).toContain('\x1b[32m ok \x1b[0m meta: 1 test(s)');
    expect(text.endsWith('\r\x1b[2K')).toBe(true);

    const prompted = sink(true);
    const withPrompt = new ProgressPrinter(prompted, 'live', false, () => 0);
    withPrompt.testStarted('suites/device-flow.test.ts', '[device.poll-approved-token] approve');
    withPrompt.say('[dify-conformance] open http://h/device and enter ABCD-EFGH');
    withPrompt.finish();
    // The live line is cleared before the prompt, so the prompt starts its own line.
    expect(prompted.chunks.join('')).toContain('\r\x1b[2K[dify-conformance] open http://h/device and enter ABCD-EFGH\n');

    const plain = sink(true);
    const uncoloured = new ProgressPrinter(plain, 'live', false, () => 0);
    uncoloured.testFinished('suites/meta.test.ts', 'ok');
    uncoloured.fileFinished('suites/meta.test.ts', 10);
    uncoloured.finish();
    expect(plain.chunks.join('')).not.toContain('\x1b[3');
  });

  it('prints the plan before the first check and keeps its estimate beside the elapsed time', () => {
    let now = 0;
    const out = sink(false);
    const progress = new ProgressPrinter(out, 'lines', false, () => now);
    progress.plan('plan: 2 suite file(s), about 40 requests, about 45 s at 60 requests/min per token', 45);
    progress.testFinished('suites/meta.test.ts', 'ok');
    now = 3000;
    progress.fileFinished('suites/meta.test.ts', 900);
    progress.finish();
    expect(out.chunks.join('')).toBe(
      'plan: 2 suite file(s), about 40 requests, about 45 s at 60 requests/min per token\n[  3.0 s of ~45 s]  ok  meta: 1 test(s), 1 ok (0.9 s)\n',
    );
  });
});
