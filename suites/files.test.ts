/**
 * POST /apps/{id}/files/upload. A successful upload stores a small file on the
 * server (the API offers no way to delete it), so it is sent only in the full
 * profile; the error cases store nothing.
 */
import { describe } from 'vitest';
import { noFileRejected, uploadDescribesFile } from '../lib/checks/files-checks.ts';
import { runWithUpload } from '../lib/checks/form-checks.ts';
import { STREAM_GRAMMARS } from '../lib/checks/sse-grammars.ts';
import { notFoundNamesObject, unknownResource } from '../lib/checks/error-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode, appWithFileInput } from '../lib/suite-kit/fixtures.ts';
import { validRunBody } from '../lib/suite-kit/run-inputs.ts';
import { readRunStream } from '../lib/suite-kit/stream-driver.ts';
import { multipart } from '../lib/suite-kit/multipart.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

describe('files', () => {
  conformanceTest([successStatus, uploadDescribesFile], 'a small text file uploads with 201 and a FileResponse describing it', async (t) => {
    const app = await appOfMode(t, 'workflow');
    const content = `dify-conformance ${t.run.runId}\n`;
    const filename = `${t.run.runId}-note.txt`;
    const body = multipart([{ field: 'file', filename, contentType: 'text/plain', content }]);
    const exchange = await t.call('uploadFile', { path: { app_id: app.id }, rawBody: body.body, contentType: body.contentType, bodyDescription: body.description });
    t.verify(successStatus, { exchange, expected: 201 });
    const fileId = (exchange.response.json as { id?: unknown } | undefined)?.id;
    if (typeof fileId === 'string') t.noteCreated({ kind: 'file', id: fileId, name: filename, fate: 'cannot be removed through the API' });
    t.verify(uploadDescribesFile, { exchange, filename, size: Buffer.byteLength(content) });
  }, { operation: 'uploadFile' });

  conformanceTest([noFileRejected], 'an upload without a file part answers 400', async (t) => {
    const app = await appOfMode(t, 'workflow');
    const body = multipart([{ field: 'note', value: 'no file here' }]);
    const exchange = await t.call('uploadFile', { path: { app_id: app.id }, rawBody: body.body, contentType: body.contentType, bodyDescription: body.description });
    t.verify(noFileRejected, exchange);
  }, { operation: 'uploadFile' });

  conformanceTest([unknownResource, notFoundNamesObject], 'an upload to an app that does not exist answers 404', async (t) => {
    const body = multipart([{ field: 'file', filename: 'x.txt', contentType: 'text/plain', content: 'x' }]);
    const exchange = await t.call('uploadFile', { path: { app_id: unknownId() }, rawBody: body.body, contentType: body.contentType, bodyDescription: body.description });
    t.verify(unknownResource, exchange);
    t.verify(notFoundNamesObject, { exchange, object: 'app' });
  }, { operation: 'uploadFile' });

  conformanceTest([runWithUpload], 'an uploaded file runs an app that takes a file input', async (t) => {
    const app = await appWithFileInput(t);
    const content = `Contract drafted by dify-conformance ${t.run.runId}.\n`;
    const body = multipart([{ field: 'file', filename: `${t.run.runId}-contract.txt`, contentType: 'text/plain', content }]);
    const upload = await t.call('uploadFile', { path: { app_id: app.id }, rawBody: body.body, contentType: body.contentType, bodyDescription: body.description });
    const fileId = (upload.response.json as { id?: unknown } | undefined)?.id;
    if (upload.response.status !== 201 || typeof fileId !== 'string') return t.skip('the upload gave no file id (see response.success on uploadFile)');
    t.noteCreated({ kind: 'file', id: fileId, name: `${t.run.runId}-contract.txt`, fate: 'cannot be removed through the API' });
    const mapping = { type: 'document', transfer_method: 'local_file', upload_file_id: fileId };
    const run = await validRunBody(t, app.id, app.mode, { [app.input]: mapping });
    const { exchange, stream } = await readRunStream(t, 'runApp', { path: { app_id: app.id }, json: run, grammar: STREAM_GRAMMARS[app.mode] });
    t.verify(runWithUpload, { exchange, events: stream.events });
  }, { operation: 'uploadFile' });
});
