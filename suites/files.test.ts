/**
 * POST /apps/{id}/files/upload. A successful upload stores a small file on the
 * server (the API offers no way to delete it), so it is sent only in the full
 * profile; the error cases store nothing on a server that refuses them.
 */
import { describe } from 'vitest';
import { noFileCode, noFilenameRejected, noFileRejected, runWithUpload, tooLarge413, uploadDescribesFile, uploadMetadata } from '../lib/checks/files-checks.ts';
import { STREAM_GRAMMARS } from '../lib/checks/sse-grammars.ts';
import { notFoundNamesObject, unknownResource } from '../lib/checks/error-checks.ts';
import { successStatus } from '../lib/checks/response-checks.ts';
import type { ConformanceTestContext } from '../lib/suite-kit/conformance-test.ts';
import { conformanceTest } from '../lib/suite-kit/conformance-test.ts';
import { appOfMode, appWithFileInput } from '../lib/suite-kit/fixtures.ts';
import { validRunBody } from '../lib/suite-kit/run-inputs.ts';
import { modelProviderError, readRunStream } from '../lib/suite-kit/stream-driver.ts';
import { multipart, type MultipartBody } from '../lib/suite-kit/multipart.ts';
import { unknownId } from '../lib/suite-kit/probe-values.ts';

function upload(t: ConformanceTestContext, appId: string, body: MultipartBody) {
  return t.call('uploadFile', { path: { app_id: appId }, rawBody: body.body, contentType: body.contentType, bodyDescription: body.description });
}

describe('files', () => {
  conformanceTest(
    [successStatus, uploadDescribesFile, uploadMetadata],
    'a small text file uploads with 201 and a FileResponse describing it',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const content = `dify-conformance ${t.run.runId}\n`;
      const filename = `${t.run.runId}-note.txt`;
      const exchange = await upload(t, app.id, multipart([{ field: 'file', filename, contentType: 'text/plain', content }]));
      t.verify(successStatus, { exchange, expected: 201 });
      const fileId = (exchange.response.json as { id?: unknown } | undefined)?.id;
      if (typeof fileId === 'string') t.noteCreated({ kind: 'file', id: fileId, name: filename, fate: 'cannot be removed through the API' });
      t.verify(uploadDescribesFile, { exchange, filename, size: Buffer.byteLength(content) });
      t.verify(uploadMetadata, { exchange, extension: 'txt', mimeType: 'text/plain' });
    },
    { operation: 'uploadFile' },
  );

  conformanceTest(
    [noFileRejected, noFileCode],
    'an upload without a file part answers 400 no_file_uploaded',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const exchange = await upload(t, app.id, multipart([{ field: 'note', value: 'no file here' }]));
      t.verify(noFileRejected, exchange);
      t.verify(noFileCode, exchange);
    },
    { operation: 'uploadFile' },
  );

  // Everything else about the part is what a good upload sends; a server that wrongly accepts it stores one tiny file.
  conformanceTest(
    [noFilenameRejected],
    'an upload whose file part has an empty filename answers 400',
    async (t) => {
      const app = await appOfMode(t, 'workflow');
      const exchange = await upload(
        t,
        app.id,
        multipart([{ field: 'file', filename: '', contentType: 'text/plain', content: `dify-conformance ${t.run.runId}\n` }]),
      );
      const fileId = (exchange.response.json as { id?: unknown } | undefined)?.id;
      if (exchange.response.status === 201 && typeof fileId === 'string')
        t.noteCreated({ kind: 'file', id: fileId, name: '(empty filename)', fate: 'cannot be removed through the API' });
      t.verify(noFilenameRejected, exchange);
    },
    { operation: 'uploadFile' },
  );

  conformanceTest(
    [tooLarge413],
    "an upload just over the server's size limit answers 413",
    async (t) => {
      const limitMb = t.run.target.uploadLimitMb;
      if (limitMb === undefined)
        return t.skip("not sent: it takes a file over the server's upload limit; set DIFY_UPLOAD_LIMIT_MB to the limit (15 by default) to check it");
      const app = await appOfMode(t, 'workflow');
      const filename = `${t.run.runId}-too-large.txt`;
      const exchange = await upload(
        t,
        app.id,
        multipart([{ field: 'file', filename, contentType: 'text/plain', content: Buffer.alloc(limitMb * 1024 * 1024 + 1, 'a') }]),
      );
      const fileId = (exchange.response.json as { id?: unknown } | undefined)?.id;
      if (exchange.response.status === 201 && typeof fileId === 'string')
        t.noteCreated({ kind: 'file', id: fileId, name: filename, fate: 'cannot be removed through the API' });
      t.verify(tooLarge413, exchange);
    },
    { operation: 'uploadFile' },
  );

  conformanceTest(
    [unknownResource, notFoundNamesObject],
    'an upload to an app that does not exist answers 404',
    async (t) => {
      const exchange = await upload(t, unknownId(), multipart([{ field: 'file', filename: 'x.txt', contentType: 'text/plain', content: 'x' }]));
      t.verify(unknownResource, exchange);
      t.verify(notFoundNamesObject, { exchange, object: 'app' });
    },
    { operation: 'uploadFile' },
  );

  conformanceTest(
    [runWithUpload],
    'an uploaded file runs an app that takes a file input',
    async (t) => {
      const app = await appWithFileInput(t);
      const content = `Contract drafted by dify-conformance ${t.run.runId}.\n`;
      const filename = `${t.run.runId}-contract.txt`;
      const uploaded = await upload(t, app.id, multipart([{ field: 'file', filename, contentType: 'text/plain', content }]));
      const fileId = (uploaded.response.json as { id?: unknown } | undefined)?.id;
      if (uploaded.response.status !== 201 || typeof fileId !== 'string') return t.skip('the upload gave no file id (see response.success on uploadFile)');
      t.noteCreated({ kind: 'file', id: fileId, name: filename, fate: 'cannot be removed through the API' });
      const mapping = { type: 'document', transfer_method: 'local_file', upload_file_id: fileId };
      const run = await validRunBody(t, app.id, app.mode, { [app.input]: mapping });
      const { exchange, stream } = await readRunStream(t, 'runApp', { path: { app_id: app.id }, json: run, grammar: STREAM_GRAMMARS[app.mode] });
      // A model that fails mid-run says nothing about the file (docs/server-behavior.md §12.2).
      const providerError = modelProviderError(stream.events);
      if (providerError !== undefined)
        return t.skip(
          `the run of app ${app.id} failed on its model provider (${providerError.data.slice(0, 120)}), which describes the deployment's model setup, not the file (docs/server-behavior.md §12.2)`,
        );
      t.verify(runWithUpload, { exchange, events: stream.events });
    },
    { operation: 'uploadFile' },
  );
});
