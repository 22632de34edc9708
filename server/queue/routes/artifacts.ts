/** Routes of artifacts: creation, the get-artifact family, lists and info. */
import type { Req } from '../../common/api-router';
import { ApiError, inputError, notFound, RawResponse } from '../../common/errors';
import { listPage, PAGE_QUERY as PAGE, pageReply } from '../../common/pagination';
import { Reply } from '../../common/replies';
import { iso } from '../store/core';
import type { ArtifactRow } from '../store/artifacts';
import { runIdOf, type QueueRoute, type QueueRouteContext } from './context';

export function artifactRoutes({ store, artifactUrls }: QueueRouteContext): QueueRoute[] {
  const routes: QueueRoute[] = [];
  const def = (r: QueueRoute) => routes.push(r);

  /** Loads task, run and artifact for the get-artifact family, following links when asked. */
  function resolveArtifact(
    req: Req,
    taskId: string,
    runId: number | 'latest',
    name: string,
    follow: boolean,
  ) {
    const row = store.requireTask(taskId);
    const runs = store.runsOf(row);
    const rid = runId === 'latest' ? runs.length - 1 : runId;
    if (rid < 0) throw notFound("Task doesn't have any runs");
    if (!runs[rid]) throw notFound(`Task with taskId: \`${taskId}\` has no run with runId: ${rid}`);
    const names = [name];
    let artifact = store.artifacts.getArtifactRow(taskId, rid, name);
    while (follow && artifact?.storage_type === 'link') {
      const target = (JSON.parse(artifact.details) as { artifact: string }).artifact;
      if (names.includes(target)) throw inputError('Artifact leads to a link cycle');
      names.push(target);
      artifact = store.artifacts.getArtifactRow(taskId, rid, target);
    }
    req.authorize({ AllOf: names.map((n) => `queue:get-artifact:${n}`) });
    if (!artifact) throw notFound('Artifact not found');
    if (artifact.expires < store.now())
      throw new ApiError(410, 'ResourceExpired', 'Artifact expired');
    if (artifact.storage_type === 'object') throw notFound('Artifact not found');
    return { row, runId: rid, artifact };
  }

  function artifactLocation(
    req: Req,
    a: ArtifactRow,
  ): { storageType: string; url?: string; reason?: string; message?: string } {
    const details = JSON.parse(a.details) as { url?: string; reason?: string; message?: string };
    switch (a.storage_type) {
      case 's3':
      case 'azure':
        return {
          storageType: a.storage_type,
          url: artifactUrls.downloadUrl(req.origin, a.task_id, a.run_id, a.name),
        };
      case 'reference':
        return { storageType: 'reference', url: details.url };
      case 'error':
        return { storageType: 'error', reason: details.reason, message: details.message };
      default:
        throw notFound('Artifact not found');
    }
  }

  function getArtifactReply(req: Req, runId: number | 'latest') {
    const { artifact } = resolveArtifact(req, req.params.taskId!, runId, req.params.name!, true);
    const loc = artifactLocation(req, artifact);
    if (loc.storageType === 'error')
      throw new RawResponse(424, { reason: loc.reason, message: loc.message });
    return new Reply(303, JSON.stringify({ storageType: loc.storageType, url: loc.url }), {
      location: loc.url!,
      'x-taskcluster-artifact-storage-type': loc.storageType,
      'content-type': 'application/json; charset=utf-8',
    });
  }

  function artifactContent(req: Req, runId: number | 'latest') {
    const { artifact } = resolveArtifact(req, req.params.taskId!, runId, req.params.name!, true);
    return artifactLocation(req, artifact);
  }

  function artifactInfo(req: Req, runId: number | 'latest') {
    const row = store.requireTask(req.params.taskId!);
    const runs = store.runsOf(row);
    const rid = runId === 'latest' ? runs.length - 1 : runId;
    if (!runs[rid])
      throw notFound(`Task with taskId: \`${row.task_id}\` has no run with runId: ${rid}`);
    const a = store.artifacts.getArtifactRow(row.task_id, rid, req.params.name!);
    if (!a) throw notFound('Artifact not found');
    return store.artifacts.artifactInfo(a);
  }

  function listArtifactsReply(req: Req, runId: number | 'latest') {
    const row = store.requireTask(req.params.taskId!);
    const runs = store.runsOf(row);
    const rid = runId === 'latest' ? runs.length - 1 : runId;
    if (rid < 0) throw notFound("Task doesn't have any runs");
    if (!runs[rid])
      throw notFound(`Task with taskId: \`${row.task_id}\` has no run with runId: ${rid}`);
    const { items, page, more } = listPage(req, (o, l) =>
      store.artifacts.listArtifacts(row.task_id, rid, o, l),
    );
    return pageReply(
      'artifacts',
      items.map((a) => JSON.stringify(store.artifacts.artifactInfo(a))),
      page,
      more,
    );
  }

  def({
    name: 'createArtifact',
    method: 'POST',
    path: '/task/:taskId/runs/:runId/artifacts/:name{.+}',
    input: 'post-artifact-request',
    handler: (req) => {
      const { taskId, name } = req.params as { taskId: string; name: string };
      const runId = runIdOf(req);
      store.artifacts.artifactTarget(taskId, runId);
      req.authorize(`queue:create-artifact:${taskId}/${runId}`);
      const body = req.body as Record<string, string | number | undefined> & {
        storageType: string;
        expires: string;
      };
      if (body.storageType === 'object') {
        throw inputError(
          'Object artifacts are not supported by this local Queue service yet; upload with storageType `s3`.',
        );
      }
      const expires = Date.parse(body.expires);
      const contentType = (body.contentType as string | undefined) ?? 'application/binary';
      const details: Record<string, unknown> =
        body.storageType === 'reference'
          ? { url: body.url }
          : body.storageType === 'link'
            ? { artifact: body.artifact }
            : body.storageType === 'error'
              ? { reason: body.reason, message: body.message }
              : {};
      store.artifacts.createArtifact(taskId, runId, name, {
        storageType: body.storageType,
        contentType: body.storageType === 'error' ? 'application/json' : contentType,
        contentLength: body.contentLength as number | undefined,
        expires,
        details,
      });
      if (body.storageType === 's3' || body.storageType === 'azure') {
        const putExpires = store.now() + 45 * 60_000;
        return {
          storageType: body.storageType,
          contentType,
          expires: iso(putExpires),
          putUrl: artifactUrls.uploadUrl(req.origin, taskId, runId, name, putExpires),
        };
      }
      return { storageType: body.storageType };
    },
  });
  def({
    name: 'finishArtifact',
    method: 'PUT',
    path: '/task/:taskId/runs/:runId/artifacts/:name{.+}',
    input: 'finish-artifact-request',
    handler: (req) => {
      const { taskId, name } = req.params as { taskId: string; name: string };
      store.artifacts.artifactTarget(taskId, runIdOf(req));
      req.authorize(`queue:create-artifact:${taskId}/${runIdOf(req)}`);
      const a = store.artifacts.getArtifactRow(taskId, runIdOf(req), name);
      if (!a) throw notFound('Artifact not found');
      throw inputError('Only object artifacts can be finished');
    },
  });
  def({
    name: 'getArtifact',
    method: 'GET',
    path: '/task/:taskId/runs/:runId/artifacts/:name{.+}',
    handler: (req) => getArtifactReply(req, runIdOf(req)),
  });
  def({
    name: 'getLatestArtifact',
    method: 'GET',
    path: '/task/:taskId/artifacts/:name{.+}',
    scopes: (p) => `queue:get-artifact:${p.name}`,
    handler: (req) => getArtifactReply(req, 'latest'),
  });
  def({
    name: 'listArtifacts',
    method: 'GET',
    path: '/task/:taskId/runs/:runId/artifacts',
    query: PAGE,
    scopes: (p) => `queue:list-artifacts:${p.taskId}:${p.runId}`,
    handler: (req) => listArtifactsReply(req, runIdOf(req)),
  });
  def({
    name: 'listLatestArtifacts',
    method: 'GET',
    path: '/task/:taskId/artifacts',
    query: PAGE,
    scopes: (p) => `queue:list-artifacts:${p.taskId}`,
    handler: (req) => listArtifactsReply(req, 'latest'),
  });
  def({
    name: 'artifactInfo',
    method: 'GET',
    path: '/task/:taskId/runs/:runId/artifact-info/:name{.+}',
    scopes: (p) => `queue:list-artifacts:${p.taskId}:${p.runId}`,
    handler: (req) => artifactInfo(req, runIdOf(req)),
  });
  def({
    name: 'latestArtifactInfo',
    method: 'GET',
    path: '/task/:taskId/artifact-info/:name{.+}',
    scopes: (p) => `queue:list-artifacts:${p.taskId}`,
    handler: (req) => artifactInfo(req, 'latest'),
  });
  def({
    name: 'artifact',
    method: 'GET',
    path: '/task/:taskId/runs/:runId/artifact-content/:name{.+}',
    handler: (req) => artifactContent(req, runIdOf(req)),
  });
  def({
    name: 'latestArtifact',
    method: 'GET',
    path: '/task/:taskId/artifact-content/:name{.+}',
    handler: (req) => artifactContent(req, 'latest'),
  });

  return routes;
}
