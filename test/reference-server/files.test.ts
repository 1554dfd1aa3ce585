// POST /apps/{id}/files/upload and running the file app with an uploaded
// file (docs/server-behavior.md §6.4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../lib/reference-server/index.ts';
import type { ReferenceServer } from '../../lib/reference-server/index.ts';
import { body, Client, dataEvents, readEvents } from './client.ts';
import type { Answer, Json } from './client.ts';

let server: ReferenceServer;
let client: Client;

beforeAll(async () => {
  server = await startReferenceServer({ streamEventDelayMs: 0 });
  client = new Client(server);
});
afterAll(() => server.close());

const BOUNDARY = '----reference-server-test-boundary';

interface RawPart {
  name: string;
  filename?: string;
  contentType?: string;
  content: string | Buffer;
}

/** A multipart body written by hand, for shapes FormData will not produce. */
function multipart(parts: readonly RawPart[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const headers = [`Content-Disposition: ${disposition}`, ...(part.contentType ? [`Content-Type: ${part.contentType}`] : [])];
    chunks.push(Buffer.from(`--${BOUNDARY}\r\n${headers.join('\r\n')}\r\n\r\n`), Buffer.from(part.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

function uploadRaw(parts: readonly RawPart[], appId: string = server.fileAppId): Promise<Answer> {
  return client.call('POST', `/apps/${appId}/files/upload`, {
    body: multipart(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  });
}

function upload(filename: string, content: string | Buffer, type = 'text/plain'): Promise<Answer> {
  const form = new FormData();
  form.append('file', new Blob([content], { type }), filename);
  return client.call('POST', `/apps/${server.fileAppId}/files/upload`, { body: form });
}

function expectFileError(answer: Answer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(body(answer)).toMatchObject({ code, status });
}

describe('successful upload', () => {
  it('answers 201 with a FileResponse', async () => {
    const answer = await upload('Master Services Agreement.pdf', '%PDF-1.7 test', 'application/pdf');
    expect(answer.status).toBe(201);
    const file = body(answer);
    expect(file).toMatchObject({
      name: 'Master Services Agreement.pdf',
      size: 13,
      extension: 'pdf',
      mime_type: 'application/pdf',
      created_by: expect.any(String),
      tenant_id: server.workspaceId,
    });
    expect(String(file.id)).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isInteger(file.created_at)).toBe(true);
    expect(String(file.source_url)).toMatch(/^http:\/\//);
  });

  it('accepts a file in a form with other plain fields', async () => {
    const answer = await uploadRaw([
      { name: 'note', content: 'hello' },
      { name: 'file', filename: 'a.txt', contentType: 'text/plain', content: 'abc' },
    ]);
    expect(answer.status).toBe(201);
  });

  it('cuts names over 200 characters and keeps the extension', async () => {
    const answer = await upload(`${'n'.repeat(230)}.txt`, 'x');
    expect(answer.status).toBe(201);
    expect(String(body(answer).name)).toBe(`${'n'.repeat(200)}.txt`);
  });
});

describe('refused uploads', () => {
  it('a body that is not multipart has no file (400 no_file_uploaded)', async () => {
    expectFileError(await client.post(`/apps/${server.fileAppId}/files/upload`, { file: 'x' }), 400, 'no_file_uploaded');
  });

  it('a form without a file part named "file" → 400 no_file_uploaded', async () => {
    expectFileError(await uploadRaw([{ name: 'document', filename: 'a.txt', contentType: 'text/plain', content: 'x' }]), 400, 'no_file_uploaded');
    expectFileError(await uploadRaw([{ name: 'file', content: 'just a field' }]), 400, 'no_file_uploaded');
  });

  it('more than one file → 400 too_many_files', async () => {
    expectFileError(
      await uploadRaw([
        { name: 'file', filename: 'a.txt', contentType: 'text/plain', content: 'a' },
        { name: 'extra', filename: 'b.txt', contentType: 'text/plain', content: 'b' },
      ]),
      400,
      'too_many_files',
    );
  });

  it('an empty filename → 400 filename_not_exists', async () => {
    expectFileError(await uploadRaw([{ name: 'file', filename: '', contentType: 'text/plain', content: 'a' }]), 400, 'filename_not_exists');
  });

  it('a part without a content type → 415 unsupported_file_type', async () => {
    expectFileError(await uploadRaw([{ name: 'file', filename: 'a.txt', content: 'a' }]), 415, 'unsupported_file_type');
  });

  it('a filename with a path separator → 400 bad_request', async () => {
    expectFileError(await uploadRaw([{ name: 'file', filename: '../etc/passwd', contentType: 'text/plain', content: 'a' }]), 400, 'bad_request');
  });

  it.each(['setup.exe', 'deploy.sh', 'RUN.BAT'])('%s → 400 file_extension_blocked', async (filename) => {
    expectFileError(await upload(filename, 'x', 'application/octet-stream'), 400, 'file_extension_blocked');
  });

  it('a file just over 15 MB → 413 file_too_large', async () => {
    expectFileError(
      await uploadRaw([{ name: 'file', filename: 'big.txt', contentType: 'text/plain', content: Buffer.alloc(15 * 1024 * 1024 + 1, 'a') }]),
      413,
      'file_too_large',
    );
  });

  it('a body far over the limit is refused once it passes the cap, without being buffered', async () => {
    expectFileError(
      await uploadRaw([{ name: 'file', filename: 'huge.txt', contentType: 'text/plain', content: Buffer.alloc(17 * 1024 * 1024, 'a') }]),
      413,
      'file_too_large',
    );
  });

  it('uploads are guarded like other app routes', async () => {
    expect((await client.post('/apps/00000000-0000-4000-8000-000000000000/files/upload', {})).status).toBe(404);
    expect((await client.post(`/apps/${server.fileAppId}/files/upload`, {}, { token: null })).status).toBe(401);
  });
});

describe('running the file app', () => {
  const runFileApp = (payload: Json) => client.request('POST', `/apps/${server.fileAppId}/run`, { json: payload });

  it('takes an uploaded file as its file input', async () => {
    const file = body(await upload('supplier-contract.docx', 'contract text', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'));
    const response = await runFileApp({ inputs: { contract: { type: 'document', transfer_method: 'local_file', upload_file_id: file.id } } });
    expect(response.status).toBe(200);
    const finished = dataEvents(await readEvents(response)).at(-1);
    expect(finished).toMatchObject({ event: 'workflow_finished', data: { status: 'succeeded' } });
    expect(String(((finished?.data as Json).outputs as Json).result)).toContain('supplier-contract.docx (13 bytes)');
  });

  it('accepts uploaded files in `files` too', async () => {
    const file = body(await upload('appendix.txt', 'appendix'));
    const response = await runFileApp({
      inputs: { contract: { type: 'document', transfer_method: 'remote_url', url: 'https://files.example.com/contract.pdf' } },
      files: [{ type: 'document', transfer_method: 'local_file', upload_file_id: file.id }],
    });
    const finished = dataEvents(await readEvents(response)).at(-1);
    expect(String(((finished?.data as Json).outputs as Json).result)).toContain('appendix.txt');
  });

  it('refuses a missing file input and unknown upload ids with 422 details', async () => {
    const missing = await client.post(`/apps/${server.fileAppId}/run`, { inputs: {} });
    expect(body(missing).details).toEqual([{ type: 'missing', loc: ['inputs', 'contract'], msg: 'Field required' }]);
    const unknown = await client.post(`/apps/${server.fileAppId}/run`, {
      inputs: { contract: { transfer_method: 'local_file', upload_file_id: 'nope' } },
      files: [{ transfer_method: 'local_file', upload_file_id: '00000000-0000-4000-8000-000000000000' }],
    });
    expect(unknown.status).toBe(422);
    expect((body(unknown).details as Json[]).map((detail) => detail.loc)).toEqual([
      ['inputs', 'contract', 'upload_file_id'],
      ['files', 0, 'upload_file_id'],
    ]);
  });
});
