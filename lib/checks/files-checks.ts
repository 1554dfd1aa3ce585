/** POST /apps/{id}/files/upload, and running an app with an uploaded file (docs/server-behavior.md §6.4). */
import type { AnsweredExchange } from '../model/exchange.ts';
import type { Violation } from '../model/outcome.ts';
import type { SseEvent } from '../sse/sse-decoder.ts';
import { client, seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

const UPLOAD = '#/paths/~1apps~1{app_id}~1files~1upload/post';

function answered(exchange: AnsweredExchange): string {
  return `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`;
}

export const noFileRejected = defineCheck<AnsweredExchange>(
  {
    id: 'files.no-file-rejected',
    area: 'files',
    statement: 'An upload whose multipart body has no `file` part is answered 400.',
    basis: [seed(`${UPLOAD}/responses/400`, 'no file or filename missing'), server('§6.4')],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 400) return [];
    return [{ message: `an upload without a file part was answered ${status}`, expected: '400', observed: answered(exchange) }];
  },
);

export const noFileCode = defineCheck<AnsweredExchange>(
  {
    id: 'files.no-file-code',
    area: 'files',
    statement: 'The 400 of an upload without a `file` part is an ErrorBody with code no_file_uploaded.',
    basis: [server('§6.4', 'no file part → 400 no_file_uploaded'), server('§2.3')],
  },
  (exchange) => {
    if (exchange.response.status !== 400) return [];
    const code = (exchange.response.json as { code?: unknown } | undefined)?.code;
    if (code === 'no_file_uploaded') return [];
    return [
      {
        message: `the 400 of an upload without a file part has code ${JSON.stringify(code ?? null)}`,
        expected: 'no_file_uploaded',
        observed: answered(exchange),
      },
    ];
  },
);

export const noFilenameRejected = defineCheck<AnsweredExchange>(
  {
    id: 'files.no-filename-rejected',
    area: 'files',
    statement: 'An upload whose `file` part has an empty filename is answered 400.',
    basis: [seed(`${UPLOAD}/responses/400`, 'no file or filename missing'), server('§6.4', 'empty filename → 400 filename_not_exists')],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 400) return [];
    return [{ message: `an upload with an empty filename was answered ${status}`, expected: '400', observed: answered(exchange) }];
  },
);

export const tooLarge413 = defineCheck<AnsweredExchange>(
  {
    id: 'files.too-large-413',
    area: 'files',
    statement: "An upload of a file over the server's upload size limit is answered 413.",
    basis: [seed(`${UPLOAD}/responses/413`, 'file too large'), server('§6.4', 'over the size limit → 413 file_too_large')],
  },
  (exchange) => {
    const status = exchange.response.status;
    if (status === 413) return [];
    return [{ message: `an upload over the size limit was answered ${status}`, expected: '413', observed: answered(exchange) }];
  },
);

export interface UploadedInput {
  readonly exchange: AnsweredExchange;
  readonly filename: string;
  readonly size: number;
}

export const uploadDescribesFile = defineCheck<UploadedInput>(
  {
    id: 'files.upload-describes-file',
    area: 'files',
    statement: "The FileResponse of an upload gives the uploaded file's name and its size in bytes.",
    basis: [seed('#/components/schemas/FileResponse/properties/name'), seed('#/components/schemas/FileResponse/properties/size')],
  },
  ({ exchange, filename, size }) => {
    if (exchange.response.status !== 201) return [];
    const body = exchange.response.json as { name?: unknown; size?: unknown } | undefined;
    const out = [];
    if (body?.name !== filename) out.push({ message: 'the FileResponse names another file', expected: filename, observed: String(body?.name) });
    if (body?.size !== size) out.push({ message: 'the FileResponse gives another size', expected: String(size), observed: String(body?.size) });
    return out;
  },
);

export interface MetadataInput {
  readonly exchange: AnsweredExchange;
  readonly extension: string;
  readonly mimeType: string;
}

export const uploadMetadata = defineCheck<MetadataInput>(
  {
    id: 'files.upload-metadata',
    area: 'files',
    statement: "The FileResponse of an upload gives the file's extension and the media type of its part.",
    basis: [server('§6.4', '201 FileResponse: extension, mime_type')],
  },
  ({ exchange, extension, mimeType }) => {
    if (exchange.response.status !== 201) return [];
    const body = exchange.response.json as { extension?: unknown; mime_type?: unknown } | undefined;
    const out: Violation[] = [];
    if (typeof body?.extension !== 'string' || body.extension.toLowerCase() !== extension)
      out.push({ message: 'the FileResponse gives another extension', expected: extension, observed: String(body?.extension) });
    if (typeof body?.mime_type !== 'string' || body.mime_type.split(';')[0]?.trim().toLowerCase() !== mimeType)
      out.push({ message: 'the FileResponse gives another mime_type', expected: mimeType, observed: String(body?.mime_type) });
    return out;
  },
);

export interface FileRunInput {
  readonly exchange: AnsweredExchange;
  readonly events: readonly SseEvent[];
}

export const runWithUpload = defineCheck<FileRunInput>(
  {
    id: 'files.run-with-upload',
    area: 'files',
    statement:
      'A run of an app with a file input, given the id of a file just uploaded as a local_file mapping, is accepted: answered 200 with an event stream that carries no error event.',
    basis: [
      seed(UPLOAD, 'upload a file to use as an input variable when running the app'),
      seed('#/components/schemas/AppRunRequest/properties/files'),
      client('§3', 'the CLI sends uploaded files in the run body'),
    ],
  },
  ({ exchange, events }) => {
    const failed = events.find((e) => e.name === 'error');
    if (exchange.response.status === 200 && failed === undefined) return [];
    if (exchange.response.status !== 200)
      return [
        {
          message: `the run with the uploaded file was refused with ${exchange.response.status}`,
          expected: '200 and an event stream',
          observed: answered(exchange),
        },
      ];
    return [{ message: 'the run with the uploaded file streamed an error event', expected: 'no error event', observed: failed?.data.slice(0, 300) ?? '' }];
  },
);
