/** multipart/form-data bodies for the upload operation, built by hand so every byte sent is known. */
import { randomBytes } from 'node:crypto';

export interface FilePart {
  readonly field: string;
  readonly filename: string;
  readonly contentType?: string;
  readonly content: Uint8Array | string;
}

export interface TextPart {
  readonly field: string;
  readonly value: string;
}

export interface MultipartBody {
  readonly body: Uint8Array;
  readonly contentType: string;
  /** How the body appears in records and curl lines. */
  readonly description: string;
}

export function multipart(parts: readonly (FilePart | TextPart)[]): MultipartBody {
  const boundary = `----dify-conformance-${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  const names: string[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('filename' in part) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.field}"; filename="${part.filename}"\r\n`));
      if (part.contentType !== undefined) chunks.push(Buffer.from(`Content-Type: ${part.contentType}\r\n`));
      chunks.push(Buffer.from('\r\n'), Buffer.from(part.content), Buffer.from('\r\n'));
      names.push(`${part.field}=@${part.filename}`);
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.field}"\r\n\r\n${part.value}\r\n`));
      names.push(`${part.field}=${part.value}`);
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(chunks);
  return {
    body,
    contentType: `multipart/form-data; boundary=${boundary}`,
    description: `<multipart/form-data, ${body.byteLength} bytes: ${names.join(', ')}>`,
  };
}
