/** DSL imports: the answers a client gets without creating an app. */
import { describe } from 'vitest';
import { detailsNameParameter, rejectsInvalid } from '../lib/checks/error-checks.ts';
import { confirmUnknownFails } from '../lib/checks/imports-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { workspaceUnderTest } from '../lib/suite-kit/fixtures.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('imports', () => {
  conformanceTest([rejectsInvalid, detailsNameParameter], 'an import without mode answers 422 naming mode', async (t) => {
    const workspaceId = await workspaceUnderTest(t);
    const exchange = await t.call('importApp', { path: { workspace_id: workspaceId }, json: { yaml_content: 'app: {}' } });
    t.verify(rejectsInvalid, exchange, 'importApp', exchange);
    t.verify(detailsNameParameter, { exchange, parameter: 'mode' }, 'importApp', exchange);
  }, { operation: 'importApp' });

  conformanceTest([confirmUnknownFails], 'confirming an import that does not exist answers 400 with a failed Import', async (t) => {
    const workspaceId = await workspaceUnderTest(t);
    const exchange = await t.call('confirmImport', { path: { workspace_id: workspaceId, import_id: unknownId() } });
    t.verify(confirmUnknownFails, exchange, 'confirmImport', exchange);
  }, { operation: 'confirmImport' });
});
