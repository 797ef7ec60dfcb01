import compression from 'compression';
import type { RequestHandler } from 'express';

// Streams must reach the client as they are written: a compressor would hold them back.
const STREAMING = /text\/event-stream|multipart\//i;

/**
 * Brotli (quality 4) or gzip for GraphQL answers of about 1 KB and more; a 250-row page shrinks
 * to a few KB. Never for event streams or multipart (incremental) answers.
 */
export function compressAnswers(): RequestHandler {
  return compression({
    threshold: 1024,
    filter: (request, response) => {
      const type = response.getHeader('content-type');
      if (typeof type === 'string' && STREAMING.test(type)) return false;
      return compression.filter(request, response);
    },
  });
}
