import type { ServerResponse } from 'node:http';
import { silentMp3, toneWav } from './audio-files';
import type { SimDataset } from './sim-records';

export const FILES_PATH = '/files/';

const AUDIO_SECONDS = 3;
const audio = { wav: toneWav(AUDIO_SECONDS, 440), mp3: silentMp3(AUDIO_SECONDS) };

/**
 * The files behind the pre-signed download URLs, as an object store serves them: no bearer key,
 * the signature in the query must be the one the provider issued, and a deleted recording's files
 * are gone.
 */
export function serveFile(data: SimDataset, url: URL, response: ServerResponse): void {
  const match = /^\/files\/([^/]+)\.(mp3|wav)$/.exec(url.pathname);
  const id = match?.[1];
  const format = match?.[2] as 'mp3' | 'wav' | undefined;
  const recording = data.recordings.find((candidate) => candidate.id === id);
  const issued = format && recording ? recording.download_urls[format] : undefined;
  if (!format || !recording || !issued) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('NoSuchKey');
    return;
  }
  const signature = new URL(issued).searchParams.get('X-Amz-Signature');
  if (url.searchParams.get('X-Amz-Signature') !== signature) {
    response.writeHead(403, { 'content-type': 'text/plain' }).end('SignatureDoesNotMatch');
    return;
  }
  const body = audio[format];
  response
    .writeHead(200, {
      'content-type': format === 'wav' ? 'audio/wav' : 'audio/mpeg',
      'content-length': body.length,
      'accept-ranges': 'none',
      'cache-control': 'private, max-age=600',
    })
    .end(body);
}
