/** GET /apps for the workspace under test: its order, its filters, and its errors. */
import { describe } from 'vitest';
import * as apps from '../lib/checks/apps-checks.ts';
import { detailsNameParameter, notFoundNamesObject, rejectsInvalid, unknownResource } from '../lib/checks/error-checks.ts';
import { rejectsOutOfBounds } from '../lib/checks/validation-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';
import { readPages } from '../lib/suite-kit/list-walker.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';
import type { AnsweredExchange } from '../lib/model/exchange.ts';

interface Row {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly mode?: unknown;
  readonly tags?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function rowsOf(exchange: AnsweredExchange): Row[] {
  const data = (exchange.response.json as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) ? (data as Row[]) : [];
}

function tagNames(value: unknown): string[] {
  return Array.isArray(value) ? value.map((tag) => (tag as { name?: unknown } | null)?.name).filter((name): name is string => typeof name === 'string') : [];
}

describe('apps', () => {
  conformanceTest(
    [successStatus, apps.newestFirst],
    "GET /apps answers 200 with a page of the workspace's apps, newest first",
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('listApps', { query: { workspace_id: workspaceId } });
      t.verify(successStatus, { exchange, expected: 200 });
      t.verify(apps.newestFirst, exchange);
    },
    { operation: 'listApps' },
  );

  conformanceTest(
    [apps.filterHolds, apps.defaultExcludesAgent, apps.tagFilterHolds],
    'GET /apps?mode= and ?tag= return only the apps that match, and a listed app that does; no mode means no agent apps',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const [unfiltered] = await readPages(t, { operationId: 'listApps', query: { workspace_id: workspaceId } }, { maxPages: 1 });
      const listed = unfiltered === undefined ? [] : rowsOf(unfiltered);
      for (const mode of ['workflow', 'chat', 'advanced-chat', 'completion', 'agent-chat', 'agent']) {
        const known = listed.find((row) => row.mode === mode && typeof row.id === 'string')?.id as string | undefined;
        const pages = await readPages(t, { operationId: 'listApps', query: { workspace_id: workspaceId, mode } }, { maxPages: 1 });
        t.verify(
          apps.filterHolds,
          { pages, field: 'mode', accepts: (v) => v === mode, description: `mode ${mode}`, ...(known === undefined ? {} : { mustInclude: known }) },
          pages[0],
        );
        if (mode !== 'agent' || unfiltered === undefined) continue;
        const [agent] = pages;
        // docs/server-behavior.md §3: the list without a mode leaves the agent app type out.
        if (agent === undefined || rowsOf(agent).length === 0) t.skipCheck(apps.defaultExcludesAgent, 'listApps', 'the workspace has no app of the agent type');
        else t.verify(apps.defaultExcludesAgent, { unfiltered: [unfiltered], agent }, unfiltered);
      }
      const tagged = listed.find((row) => typeof row.id === 'string' && tagNames(row.tags).length > 0);
      const tag = tagNames(tagged?.tags)[0];
      if (tagged === undefined || tag === undefined)
        return t.skipCheck(apps.tagFilterHolds, 'listApps', 'no app on the first page of GET /apps carries a tag to filter by');
      const id = String(tagged.id);
      const pages = await readPages(
        t,
        { operationId: 'listApps', query: { workspace_id: workspaceId, tag } },
        { maxPages: 3, until: (page) => rowsOf(page).some((row) => row.id === id) },
      );
      t.verify(
        apps.tagFilterHolds,
        { pages, field: 'tags', accepts: (v) => tagNames(v).includes(tag), description: `tag "${tag}"`, mustInclude: id },
        pages.at(-1),
      );
    },
    { operation: 'listApps' },
  );

  conformanceTest(
    [apps.nameFilterHolds, apps.nameIdLookup, apps.nameFilterLiteral],
    'GET /apps?name= returns only apps whose name contains it, the app whose id it is, and takes % literally',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const all = await t.call('listApps', { query: { workspace_id: workspaceId, limit: 50 } });
      const sample = rowsOf(all).find((row) => typeof row.name === 'string' && row.name.length >= 4 && typeof row.id === 'string');
      if (typeof sample?.name !== 'string' || typeof sample.id !== 'string') return t.skip('no app with a name of 4 characters or more to filter by');
      // docs/server-behavior.md §3: a case-insensitive substring match of the first 30 characters. Most
      // of the sample's name keeps the filtered list short, so the pages can be read to its end.
      const needle = sample.name.slice(1, 20).toUpperCase();
      const id = sample.id;
      const pages = await readPages(
        t,
        { operationId: 'listApps', query: { workspace_id: workspaceId, name: needle } },
        { maxPages: 3, until: (page) => rowsOf(page).some((row) => row.id === id) },
      );
      t.verify(
        apps.nameFilterHolds,
        {
          pages,
          field: 'name',
          accepts: (v) => typeof v === 'string' && v.toLowerCase().includes(needle.toLowerCase()),
          description: `name containing "${needle}" (any case)`,
          mustInclude: id,
        },
        pages.at(-1),
      );
      // A name that parses as a UUID is an exact id lookup (docs/server-behavior.md §3); other ids are names.
      if (!UUID.test(id)) t.skipCheck(apps.nameIdLookup, 'listApps', "the listed apps' ids are not UUIDs");
      else t.verify(apps.nameIdLookup, { exchange: await t.call('listApps', { query: { workspace_id: workspaceId, name: id } }), appId: id });
      const literal = await t.call('listApps', { query: { workspace_id: workspaceId, name: '%' } });
      t.verify(apps.nameFilterLiteral, { exchange: literal, needle: '%' });
    },
    { operation: 'listApps' },
  );

  conformanceTest(
    [apps.unknownTagEmpty],
    'GET /apps?tag= with a tag no app carries is empty',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('listApps', { query: { workspace_id: workspaceId, tag: `dify-conformance-no-such-tag-${t.run.runId}` } });
      t.verify(apps.unknownTagEmpty, exchange);
    },
    { operation: 'listApps' },
  );

  conformanceTest(
    [rejectsOutOfBounds, detailsNameParameter],
    'GET /apps?page=0 (below the bound of 1) answers 422 naming page',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('listApps', { query: { workspace_id: workspaceId, page: 0 } });
      t.verify(rejectsOutOfBounds, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'page' });
    },
    { operation: 'listApps' },
  );

  conformanceTest(
    [rejectsInvalid, detailsNameParameter],
    'GET /apps?page=abc (not an integer) answers 422 naming page',
    async (t) => {
      const workspaceId = await workspaceUnderTest(t);
      const exchange = await t.call('listApps', { query: { workspace_id: workspaceId, page: 'abc' } });
      t.verify(rejectsInvalid, exchange);
      t.verify(detailsNameParameter, { exchange, parameter: 'page' });
    },
    { operation: 'listApps' },
  );

  // docs/server-behavior.md §3: the workspace guard reads ?workspace_id before validation, so an
  // unknown workspace is a 404 (not a 422).
  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'GET /apps answers 404 for a workspace that does not exist',
    async (t) => {
      const exchange = await t.call('listApps', { query: { workspace_id: unknownId() } });
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'workspace' });
    },
    { operation: 'listApps' },
  );

  // Everything else valid: the one thing missing is the workspace.
  conformanceTest(
    [apps.workspaceIdRequired, apps.workspaceIdRequired404],
    'GET /apps without workspace_id is refused (404 workspace not found)',
    async (t) => {
      const exchange = await t.call('listApps', {});
      t.verify(apps.workspaceIdRequired, exchange);
      t.verify(apps.workspaceIdRequired404, exchange);
    },
    { operation: 'listApps' },
  );
});
