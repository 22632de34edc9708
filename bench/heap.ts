/** Memory figures of the benchmarks: what a page and its workers hold. */
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

/** Runtime.getHeapUsage; `backingStorageSize` (ArrayBuffers) is reported by current Chromium. */
interface HeapUsage {
  usedSize: number;
  backingStorageSize?: number;
}

/**
 * Memory of a page and of each of its workers, via CDP (workers through auto-attach): the JS heap
 * after a GC, and the ArrayBuffers' backing stores, which live outside the JS heap. Attach it
 * before the page navigates, so that workers started while loading are counted.
 */
export async function heapTracker(context: BrowserContext, page: Page) {
  const cdp: CDPSession = await context.newCDPSession(page);
  const workers = new Set<string>();
  const replies = new Map<string, (msg: { result?: HeapUsage }) => void>();
  cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
    if (e.targetInfo.type === 'worker') workers.add(e.sessionId);
  });
  cdp.on('Target.detachedFromTarget', (e: { sessionId: string }) => workers.delete(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    const msg = JSON.parse(e.message) as { id: number; result?: HeapUsage };
    replies.get(`${e.sessionId}:${msg.id}`)?.(msg);
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  let nextId = 1;
  const inWorker = (sessionId: string, method: string) =>
    new Promise<{ result?: HeapUsage }>((resolve) => {
      const id = nextId++;
      replies.set(`${sessionId}:${id}`, resolve);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method }),
      });
    });
  return {
    /**
     * Bytes in use after a GC in each: the page's JS heap, its workers' JS heaps, and the
     * ArrayBuffer backing stores of all of them.
     */
    async heapBytes(): Promise<{
      page: number;
      workers: number;
      buffers: number;
      workerCount: number;
    }> {
      await cdp.send('HeapProfiler.collectGarbage');
      const own = (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;
      let total = 0;
      let buffers = own.backingStorageSize ?? 0;
      for (const s of workers) {
        await inWorker(s, 'HeapProfiler.collectGarbage');
        const usage = (await inWorker(s, 'Runtime.getHeapUsage')).result;
        total += usage?.usedSize ?? 0;
        buffers += usage?.backingStorageSize ?? 0;
      }
      return { page: own.usedSize, workers: total, buffers, workerCount: workers.size };
    },
    detach: () => cdp.detach(),
  };
}
