import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { useComputedColorScheme } from '@mantine/core';
import CodeMirror, {
  EditorView,
  keymap,
  Prec,
  type ReactCodeMirrorRef,
} from '@uiw/react-codemirror';
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import type { EditorDiagnostic } from './yaml-document';

/** What a parent can do with the editor. */
export interface YamlEditorHandle {
  /** Puts the cursor at a character offset, scrolls it into view and focuses the editor. */
  focusAt(offset: number): void;
}

export interface YamlEditorProps {
  value: string;
  onChange: (value: string) => void;
  /** The accessible name of the text area. */
  label: string;
  /** Problems to mark in the text (offsets into `value`): underlined, with a gutter marker. */
  diagnostics?: readonly EditorDiagnostic[];
  /** Id of an element that describes the editor, e.g. a list of its errors. */
  describedBy?: string;
  readOnly?: boolean;
  minHeight?: string;
  maxHeight?: string;
  /** Ctrl/Cmd+Enter; keep it stable (useCallback). */
  onSubmit?: () => void;
  ref?: Ref<YamlEditorHandle>;
}

const BASIC_SETUP = {
  lineNumbers: true,
  foldGutter: true,
  highlightActiveLine: true,
  bracketMatching: true,
  closeBrackets: true,
  autocompletion: false,
  searchKeymap: true,
  lintKeymap: true,
} as const;

const SIZE = EditorView.theme({
  '&': {
    fontSize: '13px',
    border: '1px solid var(--mantine-color-default-border)',
    borderRadius: '4px',
  },
  '&.cm-focused': {
    outline: '2px solid var(--mantine-primary-color-filled)',
    outlineOffset: '-1px',
  },
  '.cm-scroller': { fontFamily: 'var(--mantine-font-family-monospace)' },
  // CodeMirror draws lint marks with data: SVG images, which our CSP (img-src) refuses: CSS only.
  '.cm-lintRange-error, .cm-lintRange-warning, .cm-lintRange-info, .cm-lintRange-hint': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
  '.cm-lintRange-error': { textDecorationColor: 'var(--mantine-color-red-6)' },
  '.cm-lintRange-warning': { textDecorationColor: 'var(--mantine-color-yellow-6)' },
  '.cm-lintRange-info, .cm-lintRange-hint': { textDecorationColor: 'var(--mantine-color-blue-6)' },
  '.cm-lint-marker': { content: 'none', borderRadius: '50%', transform: 'scale(0.6)' },
  '.cm-lint-marker-error': {
    content: 'none',
    backgroundColor: 'var(--mantine-color-red-6)',
  },
  '.cm-lint-marker-warning': {
    content: 'none',
    backgroundColor: 'var(--mantine-color-yellow-6)',
  },
  '.cm-lint-marker-info': {
    content: 'none',
    backgroundColor: 'var(--mantine-color-blue-6)',
  },
});

/**
 * A YAML editor: CodeMirror 6 (through `@uiw/react-codemirror`) with YAML highlighting, line
 * numbers, folding, search, and inline diagnostics. Follows the color scheme. Heavy: import it
 * only from lazily loaded views.
 */
export function YamlEditor({
  value,
  onChange,
  label,
  diagnostics,
  describedBy,
  readOnly,
  minHeight = '320px',
  maxHeight = '70vh',
  onSubmit,
  ref,
}: YamlEditorProps) {
  const scheme = useComputedColorScheme('light');
  const editor = useRef<ReactCodeMirrorRef>(null);
  const [view, setView] = useState<EditorView>();

  const extensions = useMemo(
    () => [
      yaml(),
      lintGutter(),
      SIZE,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        'aria-label': label,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      }),
      Prec.high(
        keymap.of([
          {
            key: 'Mod-Enter',
            run: () => {
              if (!onSubmit) return false;
              onSubmit();
              return true;
            },
          },
        ]),
      ),
    ],
    // A new onSubmit reconfigures the editor: pass a stable one (useCallback).
    [label, describedBy, onSubmit],
  );

  useEffect(() => {
    if (!view) return;
    const length = view.state.doc.length;
    const marks: Diagnostic[] = (diagnostics ?? []).map((d) => ({
      from: Math.min(d.from, length),
      to: Math.min(Math.max(d.to, d.from), length),
      severity: d.severity,
      message: d.message,
    }));
    view.dispatch(setDiagnostics(view.state, marks));
  }, [view, diagnostics, value]);

  useImperativeHandle(
    ref,
    () => ({
      focusAt(offset: number) {
        const v = editor.current?.view;
        if (!v) return;
        const pos = Math.min(Math.max(0, offset), v.state.doc.length);
        v.dispatch({
          selection: { anchor: pos },
          effects: EditorView.scrollIntoView(pos, { y: 'center' }),
        });
        v.focus();
      },
    }),
    [],
  );

  return (
    <CodeMirror
      ref={editor}
      value={value}
      onChange={onChange}
      onCreateEditor={(v) => setView(v)}
      extensions={extensions}
      basicSetup={BASIC_SETUP}
      theme={scheme === 'dark' ? 'dark' : 'light'}
      readOnly={readOnly}
      minHeight={minHeight}
      maxHeight={maxHeight}
      data-testid="yaml-editor"
    />
  );
}
