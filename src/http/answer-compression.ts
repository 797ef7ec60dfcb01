import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Answers up to this size are compressed on the event loop. zlib's asynchronous form costs about
 * 250 µs of stream and thread-pool machinery per call whatever the size, several times the
 * compression itself at these sizes (a 50-row page: 344 µs against 74; 60 KB: 587 against 242);
 * larger answers go to the thread pool so that no one answer holds the loop for milliseconds.
 */
const COMPRESS_ON_LOOP_MAX = 128 * 1024;

/**
 * Brotli quality 3 and gzip level 3: measured on the bench's answers (7.6, 34 and 61 KB), each
 * 1.5 to 2.9 times cheaper than brotli 4 and gzip 6 for answers 1-6% larger.
 */
const BROTLI_QUALITY = 3;
const GZIP_LEVEL = 3;

/** Answers smaller than this go out as they are: compressing them costs more than it saves. */
export const COMPRESSION_THRESHOLD = 1024;

export type AnswerEncoding = 'br' | 'gzip';

/** The encoding to use for a client's Accept-Encoding: brotli, else gzip, else none. */
export function chooseEncoding(acceptEncoding: string | undefined): AnswerEncoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const wildcard = accepted.get('*') ?? 0;
  if ((accepted.get('br') ?? wildcard) > 0) return 'br';
  if ((accepted.get('gzip') ?? wildcard) > 0) return 'gzip';
  return null;
}

/** Brotli or gzip, on the event loop when the answer is small enough (see above). */
export function compress(body: string, encoding: AnswerEncoding): Promise<Buffer> {
  const size = Buffer.byteLength(body);
  if (encoding === 'br') {
    const options = {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: size,
      },
    };
    return size <= COMPRESS_ON_LOOP_MAX
      ? Promise.resolve(brotliCompressSync(body, options))
      : brotli(body, options);
  }
  const options = { level: GZIP_LEVEL };
  return size <= COMPRESS_ON_LOOP_MAX
    ? Promise.resolve(gzipSync(body, options))
    : gzipAsync(body, options);
}
