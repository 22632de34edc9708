// @vitest-environment jsdom
// The hostile corpus through the shared components that show task data, where rendering is cheap:
// the e2e (e2e/specs/hostile.spec.ts) covers the same corpus in every view.
import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JsonTree } from '../components/JsonTree';
import { MarkdownRenderer } from '../components/markdown/MarkdownRenderer';
import { FeaturedTaskGroups } from '../features/home/FeaturedTaskGroups';
import {
  HOSTILE_CONFIG_TITLES,
  HOSTILE_FLAG,
  HOSTILE_MARKDOWN,
  MARKUP,
  UNICODE,
  hostileJson,
} from './hostile-corpus';

beforeAll(() => {
  // jsdom has no matchMedia; Mantine's colour-scheme manager asks for it.
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  })) as unknown as typeof window.matchMedia;
});
afterEach(cleanup);

const mount = (node: ReactNode) =>
  render(
    <MantineProvider>
      <MemoryRouter>
        <div data-subject>{node}</div>
      </MemoryRouter>
    </MantineProvider>,
    // MantineProvider adds its own <style>; only the component's subtree is under test.
  ).container.querySelector<HTMLElement>('[data-subject]')!;

/** What the e2e asserts on every view, here on one component's DOM. */
function expectInert(root: HTMLElement) {
  for (const tag of ['script', 'iframe', 'object', 'embed', 'img', 'style', 'svg', 'link'])
    expect(root.querySelectorAll(tag), tag).toHaveLength(0);
  expect(root.querySelectorAll('[onerror], [onload], [onmouseover], [onclick]')).toHaveLength(0);
  for (const el of root.querySelectorAll('[href], [src]'))
    for (const attr of ['href', 'src'])
      expect(el.getAttribute(attr) ?? '').not.toMatch(/^\s*(javascript|data|vbscript):/i);
  expect((window as unknown as Record<string, unknown>)[HOSTILE_FLAG]).toBeUndefined();
}

describe('hostile corpus in shared components', () => {
  it('Markdown description: no markup, only the https link survives', () => {
    const root = mount(<MarkdownRenderer text={HOSTILE_MARKDOWN} />);
    expectInert(root);
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://example.com/docs',
    ]);
    expect(root.textContent).toContain(MARKUP.script);
    expect(root.textContent).toContain(UNICODE.rtlOverride);
  });

  it('JSON tree of payload/extra: prototype keys, markup and surrogates as text', () => {
    const value = hostileJson('payload');
    const root = mount(<JsonTree value={value} openDepth={3} />);
    expectInert(root);
    expect(root.textContent).toContain('__proto__');
    expect(root.textContent).toContain('polluted');
    expect(root.textContent).toContain('<script>window.__hostile');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('JSON tree: reordering and invisible characters escaped, keys and values isolated, 1 MiB cut', () => {
    const value = hostileJson('payload');
    const root = mount(
      <JsonTree value={{ ...value, [UNICODE.rtlOverride]: 'key' }} openDepth={3} />,
    );
    const text = root.textContent ?? '';
    expect(text).toContain('"invoice-\\u202etxt.exe"');
    expect(text).toContain('"zero\\u200bwidth\\u200c\\u200djoin\\ufeff"');
    expect(text).not.toMatch(/[\u202E\u200B\uFEFF]/);
    // Every key and string is its own bidi island.
    expect(root.querySelectorAll('bdi').length).toBeGreaterThan(10);
    // The megabyte line shows its start and a button for the rest.
    expect(text.length).toBeLessThan(20_000);
    const more = [...root.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('more characters'),
    );
    expect(more?.textContent).toBe(
      `${(1024 * 1024 + 2 - 2000).toLocaleString()} more characters: show all`,
    );
    fireEvent.click(more!);
    expect((root.textContent ?? '').length).toBeGreaterThan(1024 * 1024);
  });

  it('featured group titles from the runtime configuration', () => {
    const root = mount(
      <FeaturedTaskGroups
        groups={HOSTILE_CONFIG_TITLES.map((title) => ({
          taskGroupId: 'fKmnpbhNQ7OrFLfHVpLk1A',
          title,
        }))}
      />,
    );
    expectInert(root);
    expect([...root.querySelectorAll('a')].map((a) => a.textContent)).toEqual(
      HOSTILE_CONFIG_TITLES,
    );
    // Each title sits in its own <bdi>: an override in one cannot reorder the text around it.
    expect([...root.querySelectorAll('a > bdi')].map((b) => b.textContent)).toEqual(
      HOSTILE_CONFIG_TITLES,
    );
  });
});
