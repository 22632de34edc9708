/**
 * The group loader's hook into the insight data: it hands each page of raw tasks, and each batch
 * of changed statuses, to the insight worker as compact columns (transferred, not copied).
 */
import type { TaskWithStatus } from '../../api';
import { toInsightBatch, toStatusBatch, transferables } from './insight-data';
import type { LoaderToInsight } from './insight-protocol';

export class InsightForward {
  constructor(private port: MessagePort | undefined) {}

  tasks(tasks: readonly TaskWithStatus[]) {
    if (!this.port || !tasks.length) return;
    const batch = toInsightBatch(tasks);
    this.port.postMessage({ type: 'tasks', batch } satisfies LoaderToInsight, transferables(batch));
  }

  statuses(statuses: readonly TaskWithStatus['status'][]) {
    if (!this.port || !statuses.length) return;
    const batch = toStatusBatch(statuses);
    this.port.postMessage(
      { type: 'statuses', batch } satisfies LoaderToInsight,
      transferables(batch),
    );
  }

  done() {
    this.port?.postMessage({ type: 'done' } satisfies LoaderToInsight);
  }
}
