import { lazy, Suspense } from 'react';

// The renderer (react-markdown and its parser) is a chunk of its own, fetched the first time
// something Markdown is shown, so it never weighs on the first route.
const MarkdownRenderer = lazy(() =>
  import('./markdown/MarkdownRenderer').then((m) => ({ default: m.MarkdownRenderer })),
);

/** Untrusted Markdown as safe rich text; plain text until the renderer has loaded. */
export function Markdown({ text, testId }: { text: string; testId?: string }) {
  return (
    <div data-testid={testId} data-markdown>
      <Suspense
        fallback={<div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{text}</div>}
      >
        <MarkdownRenderer text={text} />
      </Suspense>
    </div>
  );
}
