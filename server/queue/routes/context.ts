/** What every Queue route file is given, and the small helpers they share. */
import type { Req, RouteDef } from '../../common/api-router';
import type { Authenticator } from '../../common/authenticator';
import { JsonText } from '../../common/replies';
import type { ArtifactUrls } from '../artifact-urls';
import type { SchemaName } from '../schemas';
import type { StatusRow } from '../store/core';
import type { QueueStore } from '../store/queue-store';

export interface QueueRouteContext {
  store: QueueStore;
  auth: Authenticator;
  artifactUrls: ArtifactUrls;
}

export type QueueRoute = RouteDef<SchemaName>;

/** `{"status": …}` of a task, built as text. */
export const statusReply = (store: QueueStore, row: StatusRow) =>
  new JsonText(`{"status":${store.statusJson(row)}}`);

export const runIdOf = (req: Req) => Number(req.params.runId);
