/**
 * The DSL fixtures shipped in fixtures/dsl: a small workflow app and a small
 * advanced-chat app, the two modes an import can overwrite in place, and a chat
 * app that overwrite attempts must leave alone. Runs name
 * their apps with a fixed prefix and overwrite their own earlier fixture apps,
 * so repeated runs do not pile apps up.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PACKAGE_ROOT } from '../runner/suite-info.ts';
import type { ConformanceTestContext } from './conformance-test.ts';

export type FixtureMode = 'workflow' | 'advanced-chat' | 'chat';

export const FIXTURE_NAME_PREFIX = 'dify-conformance fixture';

export function fixtureName(mode: FixtureMode): string {
  return `${FIXTURE_NAME_PREFIX} ${mode}`;
}

/** The fixture DSL, with its `version:` set to the given DSL version. */
export function fixtureDsl(mode: FixtureMode, version = '0.6.0'): string {
  const text = readFileSync(resolve(PACKAGE_ROOT, 'fixtures/dsl', `${mode}.yml`), 'utf8');
  return text.replace(/^version: .*$/m, `version: ${version}`);
}

/**
 * The app an earlier run imported for this fixture, found by its exact name and mode;
 * only such an app is ever overwritten.
 */
export async function existingFixtureApp(t: ConformanceTestContext, workspaceId: string, mode: FixtureMode): Promise<string | undefined> {
  const exchange = await t.call('listApps', { query: { workspace_id: workspaceId, mode, name: fixtureName(mode), limit: 100 } });
  const rows = (exchange.response.json as { data?: { id?: unknown; name?: unknown; mode?: unknown }[] } | undefined)?.data ?? [];
  const own = rows.filter((r) => r.name === fixtureName(mode) && r.mode === mode);
  return typeof own[0]?.id === 'string' ? own[0].id : undefined;
}
