import { describe, expect, it } from 'vitest';
import { SCHEMAS } from '../../server/queue/schemas';
import { createValidator } from '../../server/common/schemas';
import { validateCreateTask } from '../schemas';
import {
  HOSTILE_CONFIG_TITLES,
  HOSTILE_MARKDOWN,
  HOSTILE_STRINGS,
  HOSTILE_TASK_QUEUE,
  HOSTILE_WORKER,
  MEGA_LINE,
  hostileArtifactRequests,
  hostileLogBytes,
  hostileTaskDefinitions,
  hostileTextArtifactBytes,
} from './hostile-corpus';
import { parseDashboardConfig } from '../config/dashboard-config';

const validate = createValidator(SCHEMAS);
const now = Date.now();
const base = {
  taskQueueId: 'hostile-prov/hostile-worker',
  schedulerId: 'hostile',
  projectId: 'hostile',
  taskGroupId: 'fN1SbArXTPSVFNUvaOlinQ',
  created: new Date(now).toJSON(),
  deadline: new Date(now + 3600_000).toJSON(),
  expires: new Date(now + 86400_000).toJSON(),
  payload: {},
};
const tasks = hostileTaskDefinitions(base);
const artifacts = hostileArtifactRequests(new Date(now + 86400_000).toJSON());
// structuredClone: the local service's Ajv fills in defaults.
const clone = <T>(v: T): T => structuredClone(v);

describe('the hostile corpus passes the real schemas', () => {
  it.each(tasks.map((t) => [t.key, t.definition] as const))(
    'task %s: the bundled create-task-request schema and the local service accept it',
    (_key, definition) => {
      const real = validateCreateTask(definition);
      expect(real.issues).toEqual([]);
      expect(real.valid).toBe(true);
      expect(validate('create-task-request', clone(definition), 'create-task-request')).toBe(
        undefined,
      );
    },
  );

  it.each(artifacts.map((a) => [a.name, a.request] as const))(
    'artifact %s: post-artifact-request accepts it',
    (name, request) => {
      // The real Queue's URL pattern for artifact names.
      expect(name).toMatch(/^[\x20-\x7e]+$/);
      expect(validate('post-artifact-request', clone(request), 'post-artifact-request')).toBe(
        undefined,
      );
    },
  );

  it('worker group and ID sit exactly at the 38-character limit and are accepted', () => {
    expect(HOSTILE_WORKER.workerGroup).toHaveLength(38);
    expect(HOSTILE_WORKER.workerId).toHaveLength(38);
    expect(validate('claim-work-request', { ...HOSTILE_WORKER }, 'claim-work-request')).toBe(
      undefined,
    );
    expect(
      validate(
        'claim-work-request',
        { ...HOSTILE_WORKER, workerId: `${HOSTILE_WORKER.workerId}x` },
        'claim-work-request',
      ),
    ).toMatch(/workerId/);
  });

  it('the task queue names a worker type at the 38-character limit, which the Queue accepts', () => {
    const [provisionerId, workerType] = HOSTILE_TASK_QUEUE.split('/');
    expect(provisionerId).toHaveLength(38);
    expect(workerType).toHaveLength(38);
    const task = { ...tasks[0]!.definition, taskQueueId: HOSTILE_TASK_QUEUE };
    expect(validateCreateTask(task).issues).toEqual([]);
    expect(validate('create-task-request', clone(task), 'create-task-request')).toBe(undefined);
  });

  it('the long name is exactly the schema limit, unbroken; one more character is rejected', () => {
    const long = tasks.find((t) => t.key === 'long')!.definition;
    expect(long.metadata.name).toHaveLength(255);
    expect(long.metadata.name).not.toMatch(/\s/);
    const over = { ...long, metadata: { ...long.metadata, name: `${long.metadata.name}x` } };
    expect(validateCreateTask(over).valid).toBe(false);
  });

  it('the runtime configuration accepts the hostile titles verbatim', () => {
    const parsed = parseDashboardConfig({
      featuredTaskGroups: HOSTILE_CONFIG_TITLES.map((title) => ({
        taskGroupId: base.taskGroupId,
        title,
      })),
    });
    expect(parsed.ok && parsed.config.featuredTaskGroups.map((g) => g.title)).toEqual(
      HOSTILE_CONFIG_TITLES,
    );
  });
});

describe('the hostile corpus carries every attack it names', () => {
  const everything = JSON.stringify([tasks, artifacts, HOSTILE_CONFIG_TITLES, HOSTILE_WORKER]);
  const log = hostileLogBytes();
  const logText = new TextDecoder().decode(log);

  it.each(Object.entries(HOSTILE_STRINGS))('%s is seeded into a task, artifact or log', (_k, s) => {
    expect(everything.includes(JSON.stringify(s).slice(1, -1)) || logText.includes(s)).toBe(true);
  });

  it('prototype keys are own properties of payload and extra, and pollute nothing', () => {
    const { payload, extra } = tasks.find((t) => t.key === 'markup')!.definition;
    for (const value of [payload, extra]) {
      expect(Object.keys(value!)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
      expect(JSON.stringify(value)).toContain('"__proto__":{"polluted":"yes"}');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('payload and extra hold a 1 MiB line; the log holds it and invalid UTF-8', () => {
    const markup = tasks.find((t) => t.key === 'markup')!.definition;
    expect((markup.payload as { mega: string }).mega).toBe(MEGA_LINE);
    expect((markup.extra as { mega: string }).mega).toHaveLength(1024 * 1024);
    expect(logText).toContain(MEGA_LINE);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(log)).toThrow();
    expect(() =>
      new TextDecoder('utf-8', { fatal: true }).decode(hostileTextArtifactBytes()),
    ).toThrow();
  });

  it('the Markdown description links every forbidden scheme', () => {
    for (const scheme of ['javascript:', 'JaVaScRiPt:', 'data:', 'vbscript:'])
      expect(HOSTILE_MARKDOWN).toContain(`](${scheme}`);
  });
});
