/**
 * Signed, expiring URLs for artifact uploads (the `putUrl` of an `s3` artifact) and downloads
 * (the target of getArtifact's 303), standing in for S3 presigned URLs.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ArtifactRef {
  taskId: string;
  runId: number;
  name: string;
}

export interface ArtifactUrls {
  uploadUrl(origin: string, taskId: string, runId: number, name: string, expires: number): string;
  downloadUrl(origin: string, taskId: string, runId: number, name: string): string;
  /** Checks a token from a URL; undefined when forged, mangled or expired. */
  verify(kind: 'upload' | 'download', token: string, sig: string): ArtifactRef | undefined;
}

/** Download links live 30 minutes, as S3 presigned GETs do in Taskcluster. */
const DOWNLOAD_TTL_MS = 30 * 60_000;

export function createArtifactUrls(secret: string, now: () => number = Date.now): ArtifactUrls {
  const sign = (kind: string, token: string) =>
    createHmac('sha256', secret).update(`${kind}:${token}`).digest('base64url');
  const make = (origin: string, kind: 'upload' | 'download', ref: ArtifactRef, expires: number) => {
    const token = Buffer.from(
      JSON.stringify({ t: ref.taskId, r: ref.runId, n: ref.name, e: expires }),
    ).toString('base64url');
    // The artifact name stays readable at the end of the path so that tools infer file names.
    return `${origin}/__artifacts/${kind}/${token}/${sign(kind, token)}/${ref.name.split('/').map(encodeURIComponent).join('/')}`;
  };
  return {
    uploadUrl: (origin, taskId, runId, name, expires) =>
      make(origin, 'upload', { taskId, runId, name }, expires),
    downloadUrl: (origin, taskId, runId, name) =>
      make(origin, 'download', { taskId, runId, name }, now() + DOWNLOAD_TTL_MS),
    verify(kind, token, sig) {
      const expected = Buffer.from(sign(kind, token));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      try {
        const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
          t: string;
          r: number;
          n: string;
          e: number;
        };
        if (v.e < now()) return undefined;
        return { taskId: v.t, runId: v.r, name: v.n };
      } catch {
        return undefined;
      }
    },
  };
}
