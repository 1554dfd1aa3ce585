/** POST /apps/{id}/files/upload (docs/server-behavior.md §6.4). */
import type { AnsweredExchange } from '../model/exchange.ts';
import { seed, server } from './basis.ts';
import { defineCheck } from './check.ts';

export const noFileRejected = defineCheck<AnsweredExchange>({
  id: 'files.no-file-rejected',
  area: 'files',
  statement: 'An upload whose multipart body has no `file` part is answered 400.',
  basis: [seed('#/paths/~1apps~1{app_id}~1files~1upload/post/responses/400', 'no file or filename missing'), server('§6.4')],
}, (exchange) => {
  const status = exchange.response.status;
  if (status === 400) return [];
  return [{ message: `an upload without a file part was answered ${status}`, expected: '400', observed: `${status} ${exchange.response.bodyText.slice(0, 200)}` }];
});

export interface UploadedInput {
  readonly exchange: AnsweredExchange;
  readonly filename: string;
  readonly size: number;
}

export const uploadDescribesFile = defineCheck<UploadedInput>({
  id: 'files.upload-describes-file',
  area: 'files',
  statement: 'The FileResponse of an upload gives the uploaded file\'s name and its size in bytes.',
  basis: [seed('#/components/schemas/FileResponse/properties/name'), seed('#/components/schemas/FileResponse/properties/size')],
}, ({ exchange, filename, size }) => {
  if (exchange.response.status !== 201) return [];
  const body = exchange.response.json as { name?: unknown; size?: unknown } | undefined;
  const out = [];
  if (body?.name !== filename) out.push({ message: 'the FileResponse names another file', expected: filename, observed: String(body?.name) });
  if (body?.size !== size) out.push({ message: 'the FileResponse gives another size', expected: String(size), observed: String(body?.size) });
  return out;
});
