import { Box, Code, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { jsonLiteral, previewLiteral } from './json-text';
import classes from './JsonTree.module.css';

/** A string literal; a long one shows its start until the user asks for the rest. */
function StringValue({ value }: { value: string }) {
  const [whole, setWhole] = useState(false);
  const literal = jsonLiteral(value);
  const { text, omitted } = whole ? { text: literal, omitted: 0 } : previewLiteral(literal);
  return (
    <bdi className={classes.string}>
      {text}
      {omitted > 0 && (
        <>
          …{' '}
          <UnstyledButton className={classes.more} onClick={() => setWhole(true)}>
            {omitted.toLocaleString()} more characters: show all
          </UnstyledButton>
        </>
      )}
    </bdi>
  );
}

function Value({ value }: { value: unknown }) {
  if (value === null) return <span className={classes.null}>null</span>;
  if (typeof value === 'string') return <StringValue value={value} />;
  if (typeof value === 'number') return <span className={classes.number}>{String(value)}</span>;
  if (typeof value === 'boolean') return <span className={classes.boolean}>{String(value)}</span>;
  return <span>{String(value)}</span>;
}

function Node({
  name,
  value,
  depth,
  openDepth,
}: {
  name?: string;
  value: unknown;
  depth: number;
  openDepth: number;
}) {
  const label =
    name === undefined ? null : (
      <span className={classes.key}>
        <bdi>{jsonLiteral(name)}</bdi>:{' '}
      </span>
    );
  if (value && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    if (!entries.length) {
      return (
        <div className={classes.line}>
          {label}
          {open}
          {close}
        </div>
      );
    }
    return (
      <details open={depth < openDepth} className={classes.details}>
        <summary className={classes.summary}>
          {label}
          {open}
          <span className={classes.count}>
            {' '}
            {entries.length} {Array.isArray(value) ? 'items' : 'keys'}
          </span>
        </summary>
        <div className={classes.children}>
          {entries.map(([k, v]) => (
            <Node
              key={k}
              name={Array.isArray(value) ? undefined : k}
              value={v}
              depth={depth + 1}
              openDepth={openDepth}
            />
          ))}
        </div>
        <div className={classes.line}>{close}</div>
      </details>
    );
  }
  return (
    <div className={classes.line}>
      {label}
      <Value value={value} />
    </div>
  );
}

/** Collapsible JSON, rendered as text nodes only (content is never interpreted as HTML). */
export function JsonTree({ value, openDepth = 2 }: { value: unknown; openDepth?: number }) {
  return (
    <Code block className={classes.root} component={Box}>
      <Node value={value} depth={0} openDepth={openDepth} />
    </Code>
  );
}
