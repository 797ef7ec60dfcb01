import type { IncomingMessage } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';

/** Why a body could not be read, with the status and words the client gets. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * A request's JSON body, or `undefined` when it is not JSON (Apollo answers that itself). The
 * size limit counts decoded bytes; a charset other than UTF-8 is 415, an unknown
 * Content-Encoding 415, a body that does not decode or parse 400, a body cut short 400.
 */
export async function readJsonBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/(?:[\w.+-]*\+)?json\b/i.test(type)) {
    request.resume();
    return undefined;
  }
  const charset = /;\s*charset=("?)([^";\s]+)\1/i.exec(type)?.[2]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    request.resume();
    throw new BodyError(
      415,
      'Unsupported charset: send the body as UTF-8 (`application/json; charset=utf-8`).',
    );
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  const decoder = encoding === 'identity' ? null : DECODERS[encoding];
  if (decoder === undefined) {
    request.resume();
    throw new BodyError(
      415,
      'Unsupported Content-Encoding: send the body as identity, gzip, deflate or br.',
    );
  }
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (decoder === null && declared > limit) {
    request.resume();
    throw new BodyError(413, 'The request body is too large.');
  }
  const source = decoder ? request.pipe(decoder()) : request;
  // Stream events rather than `for await`: an async iterator per request costs measurable CPU.
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const collected: Buffer[] = [];
    let size = 0;
    const cutShort = () =>
      reject(
        new BodyError(
          400,
          decoder ? 'The request body could not be decoded.' : 'The request body was cut short.',
        ),
      );
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        source.removeAllListeners('data');
        request.resume();
        reject(new BodyError(413, 'The request body is too large.'));
        return;
      }
      collected.push(chunk);
    });
    source.once('end', () => resolve(collected));
    source.once('error', cutShort);
    // A client that goes away mid-body: 'aborted' on old Nodes, 'close' before 'end' on new.
    request.once('aborted', cutShort);
  });
  if (!request.complete) throw new BodyError(400, 'The request body was cut short.');

  const text =
    chunks.length === 1
      ? (chunks[0] ?? Buffer.alloc(0)).toString('utf8')
      : Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
}
