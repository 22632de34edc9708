/**
 * The hostile-data journeys' world and checks (e2e/specs/hostile.spec.ts): a deployment of its
 * own whose `--dashboard-config` features the hostile group under hostile titles, that group
 * seeded through our client with the whole corpus (src/testing/hostile-corpus.ts), and the checks
 * every view must pass.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { QueueClient, TaskDefinitionRequest } from '../../src/api';
import {
  HOSTILE_CONFIG_TITLES,
  HOSTILE_FLAG,
  HOSTILE_TASK_QUEUE,
  HOSTILE_WORKER,
  MARKUP,
  UNICODE,
  hostileArtifactRequests,
  hostileJson,
  hostileLogBytes,
  hostileTaskDefinitions,
  hostileTextArtifactBytes,
} from '../../src/testing/hostile-corpus';
import { E2E_ROOT, definition, newId, ownQueue, rootQueue, runTask, uploadArtifact } from './seed';
import { startService, tempJson, type SpawnedService } from './service';

type Key = 'markup' | 'long' | 'unicode';

export interface HostileWorld {
  url: string;
  /** The hostile group; its `markup` task has the group's ID, so the group takes its name. */
  group: string;
  /** A group with the same task names, all completed: the other side of a comparison. */
  peer: string;
  /** markup and unicode failed (with logs), long runs on the 38-character worker, pending waits. */
  ids: Record<Key | 'pending', string>;
  names: Record<Key, string>;
  close(): Promise<void>;
}

/** The log of the failed `unicode` task: an error line for triage, with an override in it. */
const UNICODE_LOG = `setup ${UNICODE.rtlOverride}\nERROR: ${MARKUP.script} ${UNICODE.rtlOverride} failed\n`;

/** Uploads to the markup task's run: text that is not UTF-8, HTML, JSON with prototype keys. */
export const UPLOADS = {
  badUtf8: 'public/bad-utf8.txt',
  html: 'public/page.html',
  json: 'public/hostile.json',
} as const;

async function seed(queue: QueueClient, group: string, peer: string) {
  const now = Date.now();
  const expires = new Date(now + 7 * 86400_000).toJSON();
  const base = {
    taskQueueId: HOSTILE_TASK_QUEUE,
    schedulerId: 'hostile',
    projectId: 'hostile',
    taskGroupId: group,
    created: new Date(now).toJSON(),
    deadline: new Date(now + 3 * 3600_000).toJSON(),
    expires,
    payload: {},
  };
  const defs = Object.fromEntries(
    hostileTaskDefinitions(base).map((d) => [d.key, d.definition]),
  ) as Record<Key, TaskDefinitionRequest>;
  // The running and the pending task both end "now"; a tie on the critical path goes to the
  // smaller taskId: the long name's task, so that the timeline always shows it there.
  const [long, pending] = [newId(), newId()].sort() as [string, string];
  const ids = { markup: group, long, unicode: newId(), pending };
  // One task queue for all: each task is created only when the previous one is claimed, so that
  // claimWork takes exactly the task meant.
  await queue.createTask(ids.markup, defs.markup);
  await runTask(queue, ids.markup, 'failed', {
    worker: HOSTILE_WORKER,
    log: hostileLogBytes(),
    extra: async (runId, q) => {
      for (const { name, request } of hostileArtifactRequests(expires))
        await q.createArtifact(ids.markup, runId, name, request);
      await uploadArtifact(
        q,
        ids.markup,
        runId,
        UPLOADS.badUtf8,
        'text/plain; charset=utf-8',
        hostileTextArtifactBytes(),
      );
      await uploadArtifact(
        q,
        ids.markup,
        runId,
        UPLOADS.html,
        'text/html',
        `<h1>big</h1>${MARKUP.script}${MARKUP.handlers}${MARKUP.iframe}${MARKUP.style}`,
      );
      await uploadArtifact(
        q,
        ids.markup,
        runId,
        UPLOADS.json,
        'application/json',
        JSON.stringify(hostileJson('artifact')),
      );
    },
  });
  await queue.createTask(ids.unicode, defs.unicode);
  await runTask(queue, ids.unicode, 'failed', { worker: HOSTILE_WORKER, log: UNICODE_LOG });
  await queue.createTask(ids.long, defs.long);
  await runTask(queue, ids.long, 'running', { worker: HOSTILE_WORKER });
  // Created "earlier", so that a comparison takes the failed task of the same name.
  await queue.createTask(ids.pending, {
    ...defs.unicode,
    created: new Date(now - 60_000).toJSON(),
  });

  const names = {
    markup: defs.markup.metadata.name,
    long: defs.long.metadata.name,
    unicode: defs.unicode.metadata.name,
  };
  for (const name of Object.values(names)) {
    const id = newId();
    await queue.createTask(id, definition({ name, taskGroupId: peer, taskQueueId: ownQueue() }));
    await runTask(queue, id, 'completed');
  }
  return { ids, names };
}

/** Starts the deployment (featuring the group under the corpus' titles) and seeds it. */
export async function startHostileWorld(): Promise<HostileWorld> {
  const group = newId();
  const peer = newId();
  const config = tempJson('dashboard-config.json', {
    featuredTaskGroups: HOSTILE_CONFIG_TITLES.map((title) => ({ taskGroupId: group, title })),
  });
  const service: SpawnedService = await startService(['--dashboard-config', config], {
    TASKCLUSTER_ROOT_ACCESS_TOKEN: E2E_ROOT.accessToken,
  });
  try {
    const { ids, names } = await seed(rootQueue(service.url), group, peer);
    return { url: service.url, group, peer, ids, names, close: () => service.close() };
  } catch (error) {
    await service.close();
    throw error;
  }
}

/** Dialogs `page` opened (an injected `alert` would be one); the fixture also fails on them. */
const dialogs = new WeakMap<Page, string[]>();
export function watchDialogs(page: Page) {
  const seen: string[] = [];
  dialogs.set(page, seen);
  page.on('dialog', (d) => seen.push(d.message()));
}

/**
 * Everything on the page the corpus could have made active: a set flag, event-handler
 * attributes, `javascript:`/`data:`/`vbscript:` URLs, scripts and frames, foreign images and
 * style sheets, style elements carrying the corpus' CSS.
 */
function scanActive(flag: string): string[] {
  const problems: string[] = [];
  const w = window as unknown as Record<string, unknown>;
  if (w[flag] !== undefined) problems.push(`a payload ran: window.${flag} = ${String(w[flag])}`);
  // Browsers strip leading C0 controls and spaces before reading a URL's scheme.
  // eslint-disable-next-line no-control-regex
  const badScheme = /^[\s\u0000-\u001f]*(javascript|data|vbscript):/i;
  const urlAttrs = new Set([
    'href',
    'src',
    'xlink:href',
    'action',
    'formaction',
    'srcset',
    'data',
    'poster',
    'background',
  ]);
  const describe = (el: Element) => el.outerHTML.slice(0, 160);
  const foreign = (url: string) => {
    try {
      const u = new URL(url, location.href);
      return u.origin !== location.origin && u.protocol !== 'blob:';
    } catch {
      return true;
    }
  };
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`event-handler attribute ${name}: ${describe(el)}`);
      if (urlAttrs.has(name) && badScheme.test(attr.value))
        problems.push(`${name} with a forbidden scheme: ${describe(el)}`);
    }
  }
  for (const el of document.querySelectorAll('script'))
    if (!el.src || foreign(el.src)) problems.push(`script: ${describe(el)}`);
  for (const el of document.querySelectorAll(
    'iframe, frame, object, embed, applet, base, meta[http-equiv]',
  ))
    problems.push(`${el.tagName.toLowerCase()}: ${describe(el)}`);
  for (const el of document.querySelectorAll(
    'img, image, video, audio, source, input[type=image]',
  )) {
    const src = el.getAttribute('src') ?? el.getAttribute('href') ?? el.getAttribute('xlink:href');
    if (src && foreign(src)) problems.push(`foreign image or media: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll('link'))
    if (foreign(el.href)) problems.push(`foreign link element: ${describe(el)}`);
  for (const el of document.querySelectorAll('style'))
    if (/evil\.example|__hostile|body\s*\{\s*display\s*:\s*none/.test(el.textContent ?? ''))
      problems.push(`style from the corpus: ${describe(el)}`);
  return problems;
}

/**
 * Text nodes holding a directional override (U+202A-U+202E) whose effect reaches UI text: after
 * the node, in the same bidi paragraph, more text follows, and no `<bdi>`, `dir` or
 * `unicode-bidi: isolate | plaintext` contains the override first.
 */
function scanBidiLeaks(): string[] {
  const OVERRIDE = /[\u202A-\u202E]/;
  const isolating = new Set(['isolate', 'isolate-override', 'plaintext']);
  const paragraphOf = (start: Element): { box: Element; isolated: boolean } => {
    for (let e: Element | null = start; e && e !== document.body; e = e.parentElement) {
      if (e.tagName === 'BDI' || e.hasAttribute('dir')) return { box: e, isolated: true };
      const style = getComputedStyle(e);
      if (isolating.has(style.unicodeBidi)) return { box: e, isolated: true };
      if (style.display !== 'inline' && style.display !== 'contents')
        return { box: e, isolated: false };
    }
    return { box: document.body, isolated: false };
  };
  const leaks: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue ?? '';
    const parent = node.parentElement;
    if (!parent || !OVERRIDE.test(text) || parent.getClientRects().length === 0) continue;
    if (parent.closest('script, style, textarea')) continue;
    const { box, isolated } = paragraphOf(parent);
    if (isolated) continue;
    const after = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    after.currentNode = node;
    for (let next = after.nextNode(); next; next = after.nextNode()) {
      const el = next.parentElement;
      if (!el || !/\S/.test(next.nodeValue ?? '') || paragraphOf(el).box !== box) continue;
      leaks.push(
        `override in “${text.slice(0, 60)}” reorders the following “${(next.nodeValue ?? '').slice(0, 40)}” in <${box.tagName.toLowerCase()} class="${box.className}">`,
      );
      break;
    }
  }
  return leaks;
}

export interface ViewCheck {
  /** Corpus text the view must show (as text), proving the hostile data reached it. */
  shows?: string[];
  /** Where `shows` must appear (default: the main area). */
  within?: Locator;
  /** The view's primary action(s): visible, inside the viewport. */
  primary: Locator[];
}

/**
 * The checks on the current view: the corpus shows as text, no script ran (flag, no
 * dialog), nothing active came in, no override reorders UI text, and the header and primary
 * action stay inside the viewport while nothing makes the page scroll sideways.
 */
export async function expectSafeView(page: Page, where: string, check: ViewCheck) {
  const area = check.within ?? page.getByRole('main');
  for (const text of check.shows ?? []) await expect(area, where).toContainText(text);
  expect(await page.evaluate(scanActive, HOSTILE_FLAG), `${where}: active content`).toEqual([]);
  expect(dialogs.get(page) ?? [], `${where}: dialogs`).toEqual([]);
  expect(await page.evaluate(scanBidiLeaks), `${where}: bidi overrides`).toEqual([]);

  const width = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(width.scroll, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(width.client);
  // The dashboard's header (a dialog's header is a banner too).
  const banner = page
    .getByRole('banner')
    .filter({ has: page.getByRole('link', { name: 'Queue Dashboard' }) });
  await expect(banner, `${where}: header`).toBeInViewport({ ratio: 1 });
  await expect(
    banner.getByRole('button', { name: /^Switch to (dark|light) mode$/ }),
    `${where}: header controls`,
  ).toBeInViewport({ ratio: 1 });
  for (const action of check.primary) {
    await action.scrollIntoViewIfNeeded();
    await expect(action, `${where}: primary action`).toBeVisible();
    // Vertically, a view may lay out a pixel more after the scroll (the editor measures its
    // lines); sideways, the action must lie wholly inside the viewport.
    await expect(action, `${where}: primary action inside the viewport`).toBeInViewport({
      ratio: 0.9,
    });
    const box = (await action.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.x, `${where}: primary action's left edge`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${where}: primary action's right edge`).toBeLessThanOrEqual(
      viewport.width,
    );
  }
}

/** The element showing a user-written name isolates it: a `<bdi>` holding exactly the name. */
export async function expectIsolatedName(scope: Locator, name: string, where: string) {
  await expect
    .poll(() => scope.locator('bdi').allTextContents(), {
      message: `${where}: ${JSON.stringify(name.slice(0, 40))} in a <bdi>`,
    })
    .toContain(name);
}
