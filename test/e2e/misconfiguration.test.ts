/**
 * A CI gate that cannot go green by mistake (issue 15): each common
 * misconfiguration, driven through the real command line, ends in seconds
 * with exit status 2, one line on stderr that says what is wrong and how to
 * fix it, and no reports written (nothing of an earlier run is overwritten).
 */
import { createServer, request, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import { startForeignServer, type ForeignKind } from '../support/foreign-servers.ts';
import { runCli, tempDir, type CliOptions, type CliResult } from '../support/run-cli.ts';

// In seconds: about two on an idle machine (starting node and tsx is most of it); the bound allows for
// a loaded one. That no run happened is shown by the missing reports.
const SECONDS = 30_000;

function expectConfigError(run: CliResult, message: RegExp): void {
  expect(run.code, run.stderr + run.stdout).toBe(2);
  expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).toMatch(/^dify-conformance: /);
  expect(run.stderr).toMatch(message);
  expect(run.ms).toBeLessThan(SECONDS);
  expect(existsSync(run.reportDir), 'no reports are written').toBe(false);
}

async function misconfigured(args: readonly string[], message: RegExp, options: CliOptions = {}): Promise<CliResult> {
  const run = await runCli(args, options);
  expectConfigError(run, message);
  return run;
}

describe('the target is explicit', () => {
  it('an empty DIFY_BASE_URL (an unset repository variable in CI) is an error, not a run of the embedded server', async () => {
    await misconfigured(['run'], /DIFY_BASE_URL \(environment\) is empty; set it to the API root of the server under test .*or pass --embedded/, {
      env: { CI: 'true', DIFY_BASE_URL: '', DIFY_TOKEN: 'dfoa_x' },
    });
  });

  it('with CI set, a missing DIFY_BASE_URL is an error', async () => {
    await misconfigured(['run'], /no server to test: CI is set and DIFY_BASE_URL is not; set DIFY_BASE_URL .*or pass --embedded/, { env: { CI: 'true' } });
  });

  it('a token without a base URL is an error', async () => {
    await misconfigured(['run'], /DIFY_TOKEN \(environment\) describes a server, but DIFY_BASE_URL is not set/, { env: { DIFY_TOKEN: 'dfoa_x' } });
  });

  it('DIFY_BASEURL in .env is an error that names DIFY_BASE_URL', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), 'DIFY_BASEURL=https://dify.example.com/openapi/v1\nDIFY_TOKEN=dfoa_x\n');
    await misconfigured(['run'], /DIFY_BASEURL in the \.env file is not a setting of dify-conformance; did you mean DIFY_BASE_URL\?/, { cwd });
  });

  it('DIFY_BASEURL in the environment, one typo away, is an error', async () => {
    await misconfigured(['run'], /DIFY_BASEURL in the environment is not a setting of dify-conformance; did you mean DIFY_BASE_URL\?/, {
      env: { DIFY_BASEURL: 'https://dify.example.com/openapi/v1' },
    });
  });

  it('--embedded with a base URL is an error', async () => {
    await misconfigured(['run', '--embedded'], /--embedded asks for the embedded reference server, but DIFY_BASE_URL \(environment\) names/, {
      env: { DIFY_BASE_URL: 'http://127.0.0.1:9/openapi/v1', DIFY_TOKEN: 'dfoa_x' },
    });
  });
});

describe('a wrong API root is found before any check', () => {
  it('a base URL without /openapi/v1 says so, and names the URL that answers like the API', async () => {
    const server = await startReferenceServer();
    try {
      const origin = server.baseUrl.replace(/\/openapi\/v1$/, '');
      await misconfigured(
        ['run'],
        new RegExp(
          `DIFY_BASE_URL ${origin} does not answer like Dify's /openapi/v1 API \\(GET /_health: 404 .*\\); the API root ends in /openapi/v1: set DIFY_BASE_URL to ${server.baseUrl}, which answers like the API`,
        ),
        { env: { DIFY_BASE_URL: origin, DIFY_TOKEN: server.token } },
      );
    } finally {
      await server.close();
    }
  });

  for (const [kind, found] of [
    ['html-site', /GET \/_health: 200 with an HTML page/],
    ['json-service', /GET \/_health: 200 with JSON \{"status":"UP"\}; GET \/_version: 404/],
  ] as const satisfies readonly (readonly [ForeignKind, RegExp])[]) {
    it(`another HTTP service (${kind}) is named for what it is`, async () => {
      const foreign = await startForeignServer(kind);
      try {
        const run = await misconfigured(['run'], /does not answer like Dify's \/openapi\/v1 API/, {
          env: { DIFY_BASE_URL: foreign.baseUrl, DIFY_TOKEN: 'dfoa_x' },
        });
        expect(run.stderr).toMatch(found);
        expect(run.stderr).toMatch(/ends in \/openapi\/v1/);
      } finally {
        await foreign.close();
      }
    });
  }

  it('a server of a later contract generation says which contract it speaks, instead of a wall of 404 failures', async () => {
    const later = await startForeignServer('later-generation');
    try {
      await misconfigured(
        ['run'],
        /speaks a later contract generation of Dify's \/openapi\/v1 API \(it serves \/_catalog; its answers carry X-Dify-Catalog; its routes are colon-style, such as POST \/apps\/\{app_id\}\/workflow:run; \/_version says 1\.17\.1\); this suite certifies the seed's contract/,
        { env: { DIFY_BASE_URL: later.baseUrl, DIFY_TOKEN: 'dfoa_x' } },
      );
    } finally {
      await later.close();
    }
  });

  it('--wait-for-server waits for a server that is still starting, then runs', async () => {
    const server = await startReferenceServer();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}/openapi/v1`;
    let front: Server | undefined;
    try {
      const refused = await runCli(['run', 'meta'], { env: { DIFY_BASE_URL: baseUrl, DIFY_TOKEN: server.token } });
      expectConfigError(refused, /cannot reach DIFY_BASE_URL .*--wait-for-server SECONDS waits for a server that is still starting/);
      // The deployment comes up six seconds after the run started (longer than the command takes to
      // start): a front that forwards to the reference server.
      const opening = new Promise<void>((resolve) =>
        setTimeout(() => {
          front = forwardTo(server.baseUrl, port, resolve);
        }, 6000),
      );
      const waited = await runCli(['run', 'meta', '--wait-for-server', '20'], { env: { DIFY_BASE_URL: baseUrl, DIFY_TOKEN: server.token } });
      await opening;
      expect(waited.code, waited.stderr).toBe(0);
      expect(waited.ms).toBeGreaterThanOrEqual(6000);
      expect(waited.stdout).toMatch(/verdict: PASS/);
    } finally {
      await new Promise((resolve) => {
        front?.closeAllConnections();
        if (front === undefined) resolve(undefined);
        else front.close(resolve);
      });
      await server.close();
    }
  }, 120_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** An HTTP front on `port` that forwards every request to the server at `target`. */
function forwardTo(target: string, port: number, listening: () => void): Server {
  const origin = new URL(target);
  const front = createServer((req, res) => {
    const upstream = request({ host: origin.hostname, port: origin.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  front.listen(port, '127.0.0.1', listening);
  return front;
}

describe('command-line hygiene', () => {
  it("-h and --help anywhere print help, with the command's own exit statuses, and start nothing", async () => {
    const outputs = new Map<string, string>();
    for (const args of [['-h'], ['run', '--token', 'x', '--help'], ['compare', '-h'], ['nonsense', '--help']]) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/^dify-conformance \d/);
      expect(existsSync(run.reportDir), args.join(' ')).toBe(false);
      outputs.set(args[0] ?? '', run.stdout);
    }
    expect(outputs.get('compare')).toMatch(/Exit status:\n {2}0 {2}no regression\n {2}1 {2}a check newly fails/);
    expect(outputs.get('run')).toMatch(/Exit status:\n {2}0 {2}no check that fails the run failed or errored/);
  }, 120_000);

  it('an unknown command, a suite file that does not exist and a stray argument are usage errors', async () => {
    await misconfigured(['paginaton'], /unknown command "paginaton"; .*to run a suite file, name the command first: dify-conformance run pagination/);
    await misconfigured(['run', 'paginaton'], /no suite file matches "paginaton"; did you mean pagination\?/);
    await misconfigured(['list-checks', 'extra'], /list-checks takes no arguments, got "extra"/);
    await misconfigured(['run', '-x'], /unknown option -x; see dify-conformance run --help/);
    await misconfigured(['compare', '--bundle', 'x'], /--bundle is an option of run, not of compare/);
  }, 120_000);

  it("--env-file with a missing file is our exit status 2, not Node's 9, when started as npx starts it", async () => {
    await misconfigured(
      ['run', '--env-file', 'missing.env'],
      /the env file missing\.env does not exist; pass an existing file to --env-file or drop the flag/,
      { direct: true },
    );
    await misconfigured(['run', '--env-file=missing.env'], /the env file missing\.env does not exist/, { direct: true });
  });
});
