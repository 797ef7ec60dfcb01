import type { IncomingMessage } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable, Transform } from 'node:stream';

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
  const body = await collectBody(
    request,
    limit,
    decoder ? request.pipe(decoder()) : request,
    decoder ? 'The request body could not be decoded.' : 'The request body was cut short.',
  );
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
}

/**
 * The bytes of a request body (or of its decoder, `source`), at most `limit`: BodyError 413 past
 * it (the rest is drained, not kept), 400 when the body is cut short or does not decode. Stream
 * events rather than `for await`: an async iterator per request costs measurable CPU.
 */
export async function collectBody(
  request: IncomingMessage,
  limit: number,
  source: Readable = request,
  cutShortMessage = 'The request body was cut short.',
): Promise<Buffer> {
  if (source === request && Number(request.headers['content-length'] ?? NaN) > limit) {
    request.resume();
    throw new BodyError(413, 'The request body is too large.');
  }
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const collected: Buffer[] = [];
    let size = 0;
    // Once settled, nothing listens any more: the request object lives until its answer is sent,
    // and so would these closures.
    const stop = (): void => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', cutShort);
      request.off('aborted', cutShort);
    };
    const cutShort = (): void => {
      stop();
      reject(new BodyError(400, cutShortMessage));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        stop();
        request.resume();
        reject(new BodyError(413, 'The request body is too large.'));
        return;
      }
      collected.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(collected);
    };
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', cutShort);
    // A client that goes away mid-body: 'aborted' on old Nodes, 'close' before 'end' on new.
    request.on('aborted', cutShort);
  });
  if (!request.complete) throw new BodyError(400, 'The request body was cut short.');
  return chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(chunks);
}
