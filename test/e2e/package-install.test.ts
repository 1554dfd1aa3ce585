/**
 * The package as an adopter gets it: `npm pack` makes a tarball that installs
 * in a clean directory as a dependency and runs with npx. No network: the
 * clean directory gets a lockfile built from this project's (runtime
 * dependencies only, each with the integrity npm ci cached), so
 * `npm ci --offline` takes everything from the local npm cache.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/run-cli.ts';

const run = promisify(execFile);

interface LockEntry {
  readonly dev?: boolean;
  readonly [field: string]: unknown;
}
interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies: Record<string, string>;
  readonly bin: Record<string, string>;
  readonly engines: Record<string, string>;
  readonly files: readonly string[];
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
let app: string;
let packed: string[];

/** Runs a command with only PATH and HOME, so nothing of the developer's environment leaks in. */
function clean(command: string, args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return run(command, [...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' },
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

beforeAll(async () => {
  const dist = tempDir('dify-pack-');
  const { stdout } = await clean('npm', ['pack', '--json', '--pack-destination', dist], ROOT);
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (info === undefined) throw new Error('npm pack reported nothing');
  packed = info.files.map((f) => f.path);
  const tarball = join(dist, info.filename);

  app = tempDir('dify-adopter-');
  // An adopter's project is a git repository of its own.
  await clean('git', ['init', '-q'], app);
  await clean('git', ['-c', 'user.name=adopter', '-c', 'user.email=adopter@example.com', 'commit', '-q', '--allow-empty', '-m', 'adopter'], app);
  const spec = `file:${tarball}`;
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, unknown> = {
    '': { name: 'adopter', dependencies: { [manifest.name]: spec } },
    [`node_modules/${manifest.name}`]: {
      version: manifest.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && entry.dev !== true) packages[path] = entry;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'adopter', private: true, dependencies: { [manifest.name]: spec } }, null, 2));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify({ name: 'adopter', lockfileVersion: 3, requires: true, packages }, null, 2));
  await clean('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
}, 180_000);

describe('the packed package', () => {
  it("holds what a run needs and none of the project's own tests", () => {
    for (const needed of [
      'bin/dify-conformance.js',
      'lib/cli/main.ts',
      'suites/meta.test.ts',
      'openapi.yaml',
      'fixtures/dsl/workflow.yml',
      'docs/results.schema.json',
      'README.md',
    ]) {
      expect(packed, needed).toContain(needed);
    }
    expect(packed.filter((path) => path.startsWith('test/') || path.startsWith('scripts/'))).toEqual([]);
  });

  it('installs as a dependency and runs with npx in a clean directory', async () => {
    const version = await clean('npx', ['--offline', '--no', '--', 'dify-conformance', '--version'], app);
    expect(version.stdout.trim()).toBe(manifest.version);
    const conformance = await clean('npx', ['--offline', '--no', '--', 'dify-conformance', 'run', '--embedded', 'meta'], app);
    expect(conformance.stdout).toMatch(/verdict: PASS/);
    const results = JSON.parse(readFileSync(join(app, 'reports/results.json'), 'utf8')) as { summary: { passed: number }; suite: { commit: string | null } };
    expect(results.summary.passed).toBeGreaterThan(0);
    // Installed inside someone else's repository, the suite must not report that repository's commit as its own.
    expect(results.suite.commit).toBeNull();
  });
});
