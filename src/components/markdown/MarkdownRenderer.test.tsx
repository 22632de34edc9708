// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Markdown } from '../Markdown';
import { markdownUrlTransform, MarkdownRenderer } from './MarkdownRenderer';

afterEach(cleanup);
beforeAll(() => {
  // jsdom has no matchMedia; MantineProvider asks it for the colour scheme.
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  })) as unknown as typeof window.matchMedia;
});

function renderMarkdown(text: string) {
  return render(
    <MantineProvider>
      <MarkdownRenderer text={text} />
    </MantineProvider>,
  ).container.querySelector<HTMLElement>('[data-markdown-rendered]')!;
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](  javascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[vb](vbscript:msgbox(1))',
  '[rel](/api/queue/v1/task/x)',
  '[proto-relative](//evil.example/x)',
  '![pixel](https://tracker.example/p.gif)',
  '![x](javascript:alert(1))',
  '<svg onload=alert(1)><circle/></svg>',
  '<style>body{display:none}</style>',
  '<div onclick="alert(1)">hi</div>',
  '[ref][1]\n\n[1]: javascript:alert(1)',
  '<javascript:alert(1)>',
].join('\n\n');

describe('MarkdownRenderer with hostile input', () => {
  it('injects no script, image, iframe, svg, style or raw-HTML element', () => {
    const root = renderMarkdown(HOSTILE);
    for (const tag of ['script', 'img', 'iframe', 'svg', 'style', 'object', 'embed', 'form'])
      expect(root.querySelectorAll(tag), tag).toHaveLength(0);
    expect(root.querySelectorAll('[onclick], [onerror], [onload]')).toHaveLength(0);
    // Raw HTML is shown as the text it is.
    expect(root.textContent).toContain('<script>alert(1)</script>');
    expect(root.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('demotes headings below the view’s own h1 and h2', () => {
    const root = renderMarkdown('# One\n\n## Two\n\n### Three\n\n#### Four\n\n###### Six');
    expect(root.querySelectorAll('h1, h2')).toHaveLength(0);
    expect(
      [...root.querySelectorAll('h3, h4, h5, h6')].map((h) => `${h.tagName}:${h.textContent}`),
    ).toEqual(['H3:One', 'H4:Two', 'H5:Three', 'H6:Four', 'H6:Six']);
  });

  it('keeps only absolute http(s) links', () => {
    const root = renderMarkdown(
      `${HOSTILE}\n\n[good](https://example.com/a?b=1) and [plain](http://example.org)`,
    );
    const hrefs = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['https://example.com/a?b=1', 'http://example.org/']);
    expect(root.querySelectorAll('a[href^="javascript" i]')).toHaveLength(0);
    for (const a of root.querySelectorAll('a')) {
      expect(a.getAttribute('rel')).toContain('noopener');
      expect(a.getAttribute('target')).toBe('_blank');
    }
  });

  it('shows an image as its alt text and loads nothing', () => {
    const root = renderMarkdown('![build graph](https://example.com/graph.png)');
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain('[image: build graph]');
  });

  it('renders a Taskcluster scope error with its code block', () => {
    const root = renderMarkdown(
      'This request requires Taskcluster credentials that satisfy the following scope expression:\n\n```\nqueue:claimed-count:prov/wt\n```',
    );
    expect(root.querySelector('pre code')?.textContent?.trim()).toBe('queue:claimed-count:prov/wt');
    expect(root.textContent).not.toContain('```');
  });
});

describe('markdownUrlTransform', () => {
  it.each([
    ['https://a.example/x', 'https://a.example/x'],
    ['http://a.example', 'http://a.example/'],
    ['javascript:alert(1)', ''],
    [' javascript:alert(1)', ''],
    ['data:text/html,x', ''],
    ['mailto:a@example.com', ''],
    ['/relative', ''],
    ['//evil.example', ''],
    ['', ''],
  ])('%s → %s', (input, output) => expect(markdownUrlTransform(input)).toBe(output));
});

describe('Markdown (lazy)', () => {
  it('shows the text at once and the rendered Markdown once loaded', async () => {
    const { container } = render(
      <MantineProvider>
        <Markdown text={'use `queue:get-task:*`'} testId="md" />
      </MantineProvider>,
    );
    expect(container.textContent).toContain('queue:get-task:*');
    await waitFor(() =>
      expect(container.querySelector('code')?.textContent).toBe('queue:get-task:*'),
    );
  });
});
