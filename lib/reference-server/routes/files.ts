// POST /apps/{id}/files/upload (docs/server-behavior.md §6.4): one
// multipart part named `file`, refused in the order the real handler checks.
import { ApiError } from '../errors.ts';
import type { FaultSwitches } from '../faults.ts';
import { readBody, sendJson } from '../http-io.ts';
import { boundaryOf, parseMultipart } from '../multipart.ts';
import { appRoute } from '../routing.ts';
import type { Route } from '../routing.ts';
import type { UploadedFile } from '../state.ts';
import { epochSeconds } from '../time.ts';

/** UPLOAD_FILE_SIZE_LIMIT of a default deployment (docs/server-behavior.md §6.4). */
export const UPLOAD_LIMIT_MB = 15;
const MAX_FILE_BYTES = UPLOAD_LIMIT_MB * 1024 * 1024;
// Room for part headers and boundaries on top of the file itself.
const MAX_BODY_BYTES = MAX_FILE_BYTES + 1024 * 1024;
const BLOCKED_EXTENSIONS: readonly string[] = ['exe', 'bat', 'cmd', 'com', 'scr', 'vbs', 'ps1', 'sh', 'dll', 'msi', 'jar'];

function fileTooLarge(faults: FaultSwitches): ApiError {
  return new ApiError(faults.has('upload-too-large-400') ? 400 : 413, 'File size exceeded the limit of 15 MB.', { code: 'file_too_large' });
}

function noFile(faults: FaultSwitches): ApiError {
  return new ApiError(400, 'Please upload your file.', { code: faults.has('upload-no-file-generic-code') ? 'bad_request' : 'no_file_uploaded' });
}

/** Names over 200 characters are cut, keeping the extension. */
function storedName(filename: string, extension: string): string {
  if (filename.length <= 200) return filename;
  return `${filename.split('.')[0]?.slice(0, 200) ?? ''}.${extension}`;
}

export const fileRoutes: readonly Route[] = [
  appRoute('POST', '/apps/:app_id/files/upload', { tokens: ['dfoa', 'dfoe'] }, async (call, caller, app) => {
    const boundary = boundaryOf(call.req.headers['content-type']);
    // A body that is not multipart has no `file` part, as Flask sees it.
    if (!boundary) throw noFile(call.faults);
    const body = await readBody(call.req, MAX_BODY_BYTES, () => fileTooLarge(call.faults));
    const fileParts = parseMultipart(body, boundary).filter((part) => part.filename !== undefined);
    let part = fileParts.find((candidate) => candidate.name === 'file');
    if (!part && call.faults.has('upload-without-file-accepted')) {
      part = { name: 'file', filename: 'blob', contentType: 'application/octet-stream', data: Buffer.alloc(0) };
    }
    if (!part) throw noFile(call.faults);
    if (fileParts.length > 1) throw new ApiError(400, 'Only one file is allowed.', { code: 'too_many_files' });
    if (!part.contentType) throw new ApiError(415, 'File type not allowed.', { code: 'unsupported_file_type' });
    const filename = part.filename === '' && call.faults.has('upload-empty-filename-accepted') ? 'blob' : (part.filename ?? '');
    if (filename === '') throw new ApiError(400, 'The specified filename does not exist.', { code: 'filename_not_exists' });
    if (/[\\/]/.test(filename)) throw new ApiError(400, 'Filename contains invalid characters');
    const dot = filename.lastIndexOf('.');
    const extension = dot === -1 ? '' : filename.slice(dot + 1).toLowerCase();
    // 400 as the error matrix pins it, not the seed table's 415.
    if (BLOCKED_EXTENSIONS.includes(extension)) {
      throw new ApiError(400, 'File extension is blocked for security reasons.', { code: 'file_extension_blocked' });
    }
    if (part.data.length > MAX_FILE_BYTES) throw fileTooLarge(call.faults);
    const createdBy = caller.subject.type === 'account' ? caller.subject.accountId : caller.session.id;
    const file: UploadedFile = {
      id: call.state.ids.next('file'),
      workspaceId: app.workspaceId,
      appId: app.id,
      name: storedName(filename, extension),
      size: part.data.length,
      extension,
      mimeType: call.faults.has('upload-mime-type-generic')
        ? 'application/octet-stream'
        : (part.contentType.split(';')[0]?.trim() ?? 'application/octet-stream'),
      createdBy,
      createdAt: Date.now(),
    };
    call.state.files.set(file.id, file);
    const origin = `http://${call.req.headers.host ?? 'localhost'}`;
    sendJson(call.res, 201, {
      id: file.id,
      name: file.name,
      size: call.faults.has('upload-size-zero') ? 0 : call.faults.has('upload-size-string') ? String(file.size) : file.size,
      extension: file.extension,
      mime_type: file.mimeType,
      created_by: file.createdBy,
      created_at: epochSeconds(file.createdAt),
      source_url: `${origin}/files/${file.id}/file-preview?timestamp=${epochSeconds(file.createdAt)}&nonce=${file.id.slice(0, 8)}&sign=reference`,
      preview_url: null,
      original_url: null,
      user_id: null,
      tenant_id: app.workspaceId,
      conversation_id: null,
      file_key: null,
      // What the seed's `reference` carries is UNKNOWN.
      reference: null,
    });
  }),
];
