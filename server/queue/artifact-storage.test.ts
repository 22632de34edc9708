import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newId, startTestQueue, taskDef, type TestQueue } from '../common/testing';
import { CHUNK_BYTES } from './store/artifact-bodies';

let q: TestQueue;
let taskId: string;
const expires = () => new Date(Date.now() + 3600_000).toJSON();

beforeAll(async () => {
  q = await startTestQueue();
  taskId = newId();
  await q.root.createTask(taskId, taskDef({ taskQueueId: 'proj-bodies/ci' }));
  await q.root.claimWork('proj-bodies/ci', { workerGroup: 'g', workerId: 'w' });
});
afterAll(() => q.close());

/** Deterministic bytes that differ at every offset a chunk boundary could hide a bug behind. */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed + (i >> 10)) & 0xff;
  return out;
}

/** A request body that arrives in uneven pieces, as a network upload does. */
function pieces(data: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= data.length) return controller.close();
      controller.enqueue(data.slice(at, at + size));
      at += size;
    },
  });
}

async function upload(name: string, data: Uint8Array, pieceSize = 65_537): Promise<string> {
  const res = await q.root.createArtifact(taskId, 0, name, {
    storageType: 's3',
    contentType: 'application/octet-stream',
    expires: expires(),
  });
  if (res.storageType !== 's3') throw new Error('expected s3');
  const put = await fetch(res.putUrl, {
    method: 'PUT',
    body: pieces(data, pieceSize),
    duplex: 'half',
  } as RequestInit);
  expect(put.status).toBe(200);
  const { url } = (await q.root.latestArtifact(taskId, name)) as { url: string };
  return url;
}

const chunkRows = () =>
  q.deployment.queue.store.db.prepare('SELECT count(*) FROM blob_chunks').pluck().get() as number;

describe('artifact bodies in chunks', () => {
  it('stores a big upload in chunks and serves it whole and by ranges across chunk edges', async () => {
    const data = bytes(2 * CHUNK_BYTES + 12_345, 7);
    const before = chunkRows();
    const url = await upload('public/big.bin', data);
    expect(chunkRows() - before).toBe(3);
    const full = await fetch(url);
    expect(full.headers.get('content-length')).toBe(String(data.length));
    expect(Buffer.from(await full.arrayBuffer()).equals(Buffer.from(data))).toBe(true);
    const from = CHUNK_BYTES - 10;
    const to = 2 * CHUNK_BYTES + 5;
    const part = await fetch(url, { headers: { range: `bytes=${from}-${to}` } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes ${from}-${to}/${data.length}`);
    expect(
      Buffer.from(await part.arrayBuffer()).equals(Buffer.from(data.subarray(from, to + 1))),
    ).toBe(true);
    const tail = await fetch(url, { headers: { range: 'bytes=-100' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(Buffer.from(data.subarray(-100)))).toBe(
      true,
    );
  });

  it('sends the first chunk before the rest is read', async () => {
    const data = bytes(5 * CHUNK_BYTES, 3);
    const url = await upload('public/stream.bin', data);
    const res = await fetch(url);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.value!.length).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(
      Buffer.from(first.value!).equals(Buffer.from(data.subarray(0, first.value!.length))),
    ).toBe(true);
    await reader.cancel();
  });

  it('reads a stored body a chunk at a time, only as the reader asks for more', async () => {
    const data = bytes(8 * CHUNK_BYTES, 5);
    await upload('public/lazy.bin', data);
    const { bodies } = q.deployment.queue.store.artifacts;
    const key = [taskId, 0, 'public/lazy.bin'] as [string, number, string];
    const info = bodies.info(...key)!;
    const read = vi.spyOn(bodies, 'read');
    try {
      const reader = bodies.stream(key, info, 0, info.size).getReader();
      const first = await reader.read();
      expect(Buffer.from(first.value!).equals(Buffer.from(data.subarray(0, CHUNK_BYTES)))).toBe(
        true,
      );
      // The first chunk, and at most one more queued ahead: never the 8 MiB body.
      expect(read.mock.calls.length).toBeLessThanOrEqual(2);
      let total = first.value!.length;
      for (let next = await reader.read(); !next.done; next = await reader.read())
        total += next.value.length;
      expect(total).toBe(data.length);
      expect(read.mock.calls.length).toBe(8);
    } finally {
      read.mockRestore();
    }
  });

  it('replaces a body on re-upload and drops the old chunks, keeping small bodies inline', async () => {
    const before = chunkRows();
    const url = await upload('public/replaced.bin', bytes(CHUNK_BYTES + 1, 1));
    expect(chunkRows() - before).toBe(2);
    const small = bytes(1000, 2);
    const again = await upload('public/replaced.bin', small);
    expect(chunkRows() - before).toBe(0);
    for (const u of [url, again])
      expect(Buffer.from(await (await fetch(u)).arrayBuffer()).equals(Buffer.from(small))).toBe(
        true,
      );
  });

  it('drops chunks with their task group, and those of uploads no row points to', async () => {
    const groupTask = newId();
    await q.root.createTask(groupTask, taskDef({ taskQueueId: 'proj-bodies/purge' }));
    await q.root.claimWork('proj-bodies/purge', { workerGroup: 'g', workerId: 'w' });
    const { store } = q.deployment.queue;
    await q.root.createArtifact(groupTask, 0, 'public/p.bin', {
      storageType: 's3',
      contentType: 'application/octet-stream',
      expires: expires(),
    });
    const before = chunkRows();
    store.artifacts.putBlob(
      groupTask,
      0,
      'public/p.bin',
      'application/octet-stream',
      Buffer.from(bytes(3 * CHUNK_BYTES, 9)),
    );
    expect(chunkRows() - before).toBe(3);
    store.taskGroups.purgeTaskGroups([groupTask]);
    expect(chunkRows()).toBe(before);
  });
});
