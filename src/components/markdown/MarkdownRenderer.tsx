import { Anchor } from '@mantine/core';
import ReactMarkdown, { type Components } from 'react-markdown';
import classes from './Markdown.module.css';

/**
 * Only absolute http(s) URLs survive: no `javascript:`, `data:`, relative or protocol-relative
 * links. Anything else becomes an empty href, which the `a` renderer shows as plain text.
 */
export function markdownUrlTransform(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : '';
  } catch {
    return '';
  }
}

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <Anchor href={href} target="_blank" rel="noopener noreferrer nofollow" inherit>
        {children}
      </Anchor>
    ) : (
      <span>{children}</span>
    ),
  // Authors' headings nest under the view's own (its h1 title, its h2 sections): a description
  // cannot add a second page title to the outline that screen readers navigate by.
  h1: ({ children }) => <h3>{children}</h3>,
  h2: ({ children }) => <h4>{children}</h4>,
  h3: ({ children }) => <h5>{children}</h5>,
  h4: ({ children }) => <h6>{children}</h6>,
  h5: ({ children }) => <h6>{children}</h6>,
  // Images are never loaded (no tracking pixels, no mixed content): their alt text stands in.
  img: ({ alt }) => (alt ? <span className={classes.image}>[image: {alt}]</span> : null),
};

/** Renders untrusted Markdown (Taskcluster error messages, task descriptions) safely. */
export function MarkdownRenderer({ text }: { text: string }) {
  return (
    <div className={classes.root} data-markdown-rendered>
      {/* Raw HTML in the source stays text: react-markdown turns `raw` nodes into text nodes. */}
      <ReactMarkdown urlTransform={markdownUrlTransform} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
