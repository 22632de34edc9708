/**
 * The stand-in for S3 behind `s3` artifacts: uploads to signed `putUrl`s and downloads from the
 * signed URLs getArtifact redirects to, with ranges and headers that keep artifacts inert.
 */
import { Hono } from 'hono';
import { CORS_HEADERS } from '../common/http';
import type { ArtifactUrls } from './artifact-urls';
import type { QueueStore } from './store/queue-store';

function parseRange(
  header: string | undefined,
  size: number,
): [number, number] | 'invalid' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return [start, end];
}

/** Adds the `/__artifacts/…` routes to `app`. */
export function artifactStorageRoutes(
  app: Hono,
  { store, artifactUrls }: { store: QueueStore; artifactUrls: ArtifactUrls },
): void {
  app.options('/__artifacts/*', (c) =>
    c.body(null, 204, { ...CORS_HEADERS, 'access-control-allow-methods': 'GET,HEAD,PUT' }),
  );
  app.put('/__artifacts/upload/:token/:sig/:name{.+}', async (c) => {
    const ref = artifactUrls.verify('upload', c.req.param('token'), c.req.param('sig'));
    if (!ref)
      return c.text('Request has expired or its signature does not match', 403, CORS_HEADERS);
    const artifact = store.artifacts.getArtifactRow(ref.taskId, ref.runId, ref.name);
    if (!artifact) return c.text('No such artifact', 404, CORS_HEADERS);
    // Stored as it arrives: a big upload is never one buffer.
    const size = await store.artifacts.bodies.putStream(
      [ref.taskId, ref.runId, ref.name],
      artifact.content_type,
      c.req.raw.body,
    );
    return c.body(null, 200, { ...CORS_HEADERS, etag: `"${size.toString(16)}"` });
  });
  app.on(['GET', 'HEAD'], '/__artifacts/download/:token/:sig/:name{.+}', (c) => {
    const ref = artifactUrls.verify('download', c.req.param('token'), c.req.param('sig'));
    if (!ref)
      return c.text('Request has expired or its signature does not match', 403, CORS_HEADERS);
    const key = [ref.taskId, ref.runId, ref.name] as const;
    const { bodies } = store.artifacts;
    const body = bodies.info(...key);
    if (!body) return c.text('The artifact has not been uploaded', 404, CORS_HEADERS);
    const { size } = body;
    const headers: Record<string, string> = {
      ...CORS_HEADERS,
      'content-type': body.contentType,
      'accept-ranges': 'bytes',
      'cache-control': 'private, max-age=300',
      'x-content-type-options': 'nosniff',
      // Artifacts are untrusted: never let one run script in this origin.
      'content-security-policy':
        "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
    };
    const range = parseRange(c.req.header('range'), size);
    if (range === 'invalid')
      return c.body(null, 416, { ...headers, 'content-range': `bytes */${size}` });
    if (range) {
      const [start, end] = range;
      const partial = {
        ...headers,
        'content-range': `bytes ${start}-${end}/${size}`,
        'content-length': String(end - start + 1),
      };
      if (c.req.method === 'HEAD') return c.body(null, 206, partial);
      return c.body(bodies.stream([...key], body, start, end + 1), 206, partial);
    }
    const full = { ...headers, 'content-length': String(size) };
    if (c.req.method === 'HEAD') return c.body(null, 200, full);
    // Read a chunk at a time as the client takes it, never the whole body first.
    return c.body(bodies.stream([...key], body, 0, size), 200, full);
  });
}
