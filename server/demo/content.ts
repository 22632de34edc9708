/**
 * Realistic content for demo data, the large-group generator and benchmarks: Firefox-CI-like
 * task definitions of a few KB, ANSI-coloured logs and a small PNG.
 */
import { deflateSync } from 'node:zlib';
import type { TaskDefinition } from '../../src/api/types';

export const PLATFORMS = [
  'linux64',
  'linux64-asan',
  'windows11-64',
  'macosx1015-64',
  'android-hw-a51',
];
export const SUITES = [
  'mochitest-browser-chrome',
  'xpcshell',
  'reftest',
  'web-platform-tests',
  'crashtest',
  'gtest',
  'jsreftest',
];
export const LINTS = ['eslint', 'flake8', 'clang-format', 'rustfmt', 'mozlint-codespell'];

/** A deterministic pseudo-random generator, so generated data is repeatable. */
export function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

export function taskQueueFor(name: string): string {
  if (name.startsWith('build-')) return 'gecko-3/b-linux';
  if (name.startsWith('lint-')) return 'proj-misc/lint';
  if (name.includes('windows')) return 'gecko-t/t-win10-64';
  if (name.includes('macosx')) return 'gecko-t/t-osx-1015';
  if (name.includes('android')) return 'gecko-t/bitbar-a51';
  return 'gecko-t/t-linux-xlarge';
}

/** A definition shaped like a real Firefox CI task (see the treeherder fixture in the reference). */
export function firefoxTaskDefinition(options: {
  taskGroupId: string;
  name: string;
  created: number;
  deadline: number;
  expires: number;
  dependencies?: string[];
  requires?: 'all-completed' | 'all-resolved';
  taskQueueId?: string;
  priority?: TaskDefinition['priority'];
  retries?: number;
  revision?: string;
}): TaskDefinition {
  const taskQueueId = options.taskQueueId ?? taskQueueFor(options.name);
  const [provisionerId, workerType] = taskQueueId.split('/') as [string, string];
  const revision = options.revision ?? '5b0e7b3e5c8a6f1d2e9c4a7b8d3f2e1a0c9b8d7e';
  const platform = PLATFORMS.find((p) => options.name.includes(p)) ?? 'linux64';
  return {
    provisionerId,
    workerType,
    taskQueueId,
    schedulerId: 'gecko-level-3',
    projectId: 'gecko',
    taskGroupId: options.taskGroupId,
    dependencies: options.dependencies ?? [],
    requires: options.requires ?? 'all-completed',
    routes: [
      `tc-treeherder.v2.mozilla-central.${revision}.0`,
      `index.gecko.v2.mozilla-central.revision.${revision}.${options.name}`,
      'checks',
    ],
    priority: options.priority ?? 'medium',
    retries: options.retries ?? 5,
    created: new Date(options.created).toJSON(),
    deadline: new Date(options.deadline).toJSON(),
    expires: new Date(options.expires).toJSON(),
    scopes: [
      'secrets:get:project/taskcluster/gecko/hgfingerprint',
      'docker-worker:cache:gecko-level-3-checkouts-v3',
      `queue:get-artifact:gecko/${platform}/*`,
    ],
    payload: {
      image: { path: 'public/image.tar.zst', type: 'task-image', taskId: options.taskGroupId },
      command: [
        '/builds/worker/bin/run-task',
        '--gecko-checkout=/builds/worker/checkouts/gecko',
        '--',
        '/builds/worker/bin/test-linux.sh',
        `--test-suite=${options.name}`,
        '--allow-software-gl-layers',
        '--download-symbols=ondemand',
      ],
      env: {
        GECKO_HEAD_REPOSITORY: 'https://hg.mozilla.org/mozilla-central',
        GECKO_HEAD_REV: revision,
        GECKO_BASE_REPOSITORY: 'https://hg.mozilla.org/mozilla-unified',
        MOZ_AUTOMATION: '1',
        MOZ_SCM_LEVEL: '3',
        MOZHARNESS_CONFIG: 'unittests/linux_unittest.py remove_executables.py',
        MOZHARNESS_SCRIPT: 'desktop_unittest.py',
        NEED_PULSEAUDIO: 'true',
        NEED_WINDOW_MANAGER: 'true',
        TASKCLUSTER_CACHES: '/builds/worker/checkouts',
        TASKCLUSTER_VOLUMES:
          '/builds/worker/.cache;/builds/worker/checkouts;/builds/worker/tooltool-cache;/builds/worker/workspace',
        WORKING_DIR: '/builds/worker',
      },
      artifacts: {
        'public/logs': {
          path: '/builds/worker/workspace/logs/',
          type: 'directory',
          expires: new Date(options.expires).toJSON(),
        },
        'public/test_info': {
          path: '/builds/worker/workspace/build/blobber_upload_dir/',
          type: 'directory',
        },
      },
      cache: { 'gecko-level-3-checkouts-v3': '/builds/worker/checkouts' },
      features: { taskclusterProxy: true, allowPtrace: true },
      maxRunTime: 5400,
      onExitStatus: { retry: [4, 137] },
    },
    metadata: {
      name: options.name,
      description: `Run ${options.name} for the push of ${revision.slice(0, 12)} to mozilla-central ([Treeherder push](https://treeherder.mozilla.org/#/jobs?repo=mozilla-central&revision=${revision}))`,
      owner: 'push-author@example.com',
      source: `https://hg.mozilla.org/mozilla-central/file/${revision}/taskcluster/kinds/test`,
    },
    tags: {
      kind: options.name.split('-')[0] ?? 'test',
      label: options.name,
      os: platform.split('-')[0] ?? 'linux',
      createdForUser: 'push-author@example.com',
      'worker-implementation': 'docker-worker',
    },
    extra: {
      index: { rank: 0 },
      parent: options.taskGroupId,
      treeherder: {
        jobKind: options.name.startsWith('build') ? 'build' : 'test',
        tier: 1,
        symbol: options.name.split('-').slice(-1)[0] ?? 'T',
        groupName: options.name.split('-')[0],
        machine: { platform },
        collection: { opt: true },
      },
      chunks: { current: 1, total: 8 },
    },
  };
}

const ESC = '\u001b[';

/** An ANSI-coloured log of `lines` lines, like a mozharness run. */
export function ansiLog(
  lines: number,
  seed = 1,
  outcome: 'completed' | 'failed' = 'completed',
): string {
  const rand = prng(seed);
  const out: string[] = [];
  const t0 = Date.UTC(2026, 10, 28, 4, 0, 0);
  for (let i = 0; i < lines; i++) {
    const ts = new Date(t0 + i * 37).toISOString().slice(11, 23);
    const r = rand();
    if (i === 0)
      out.push(
        `${ESC}1m[taskcluster ${ts}]${ESC}0m Worker Type (gecko-t/t-linux-xlarge) settings:`,
      );
    else if (r < 0.02)
      out.push(
        `[task ${ts}] ${ESC}33mWARNING${ESC}0m - TEST-UNEXPECTED-TIMEOUT | dom/tests/test_${i}.html | retrying`,
      );
    else if (r < 0.03)
      out.push(`[task ${ts}] ${ESC}31mERROR${ESC}0m - Return code: 1 from subprocess #${i}`);
    else if (r < 0.2)
      out.push(
        `[task ${ts}] ${ESC}32mTEST-PASS${ESC}0m | browser/base/content/test/general/browser_${i}.js | took ${Math.floor(r * 900)}ms`,
      );
    else if (r < 0.25)
      out.push(`[task ${ts}] ${ESC}36mINFO${ESC}0m - ${ESC}1mRunning step: run-tests${ESC}0m`);
    else
      out.push(
        `[task ${ts}] INFO - GECKO(${1000 + (i % 97)}) | [Child ${i % 13}] ###!!! [Parent][RunMessage] step ${i}`,
      );
  }
  out.push(
    outcome === 'completed'
      ? `${ESC}1;32m[taskcluster] === Task Finished ===${ESC}0m\n[taskcluster] Exit Code: 0`
      : `${ESC}1;31m[taskcluster] === Task Failed ===${ESC}0m\n[taskcluster] Exit Code: 1`,
  );
  return out.join('\n') + '\n';
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A small RGB PNG (a gradient), as a screenshot artifact. */
export function demoPng(width = 160, height = 90): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = Math.floor((x / width) * 255);
      row[2 + x * 3] = Math.floor((y / height) * 200);
      row[3 + x * 3] = 180;
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
