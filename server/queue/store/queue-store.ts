/**
 * The Queue's state: one object over the shared database, with one store per resource. The
 * core (task rows, runs and transitions) is the object itself.
 */
import { ArtifactStore } from './artifacts';
import { ClaimStore } from './claims';
import { StoreCore, type StoreOptions } from './core';
import { TaskGroupStore } from './task-groups';
import { TaskQueueStore } from './task-queues';
import { TaskStore } from './tasks';

export class QueueStore extends StoreCore {
  readonly tasks: TaskStore;
  readonly taskGroups: TaskGroupStore;
  readonly claims: ClaimStore;
  readonly artifacts: ArtifactStore;
  readonly taskQueues: TaskQueueStore;

  constructor(options: StoreOptions) {
    super(options);
    this.taskQueues = new TaskQueueStore(this);
    this.taskGroups = new TaskGroupStore(this);
    this.tasks = new TaskStore(this, this.taskGroups, this.taskQueues);
    this.claims = new ClaimStore(this, this.taskQueues);
    this.artifacts = new ArtifactStore(this);
  }
}
