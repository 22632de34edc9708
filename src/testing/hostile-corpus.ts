/**
 * The hostile-data corpus: text anyone who can create a task may put in front of a dashboard
 * user. One module for unit tests (src) and the e2e journeys (e2e/specs/hostile.spec.ts), so
 * both check the same attacks. Every request it builds passes the real Queue schemas
 * (hostile-corpus.test.ts), so a real deployment would accept all of it too.
 *
 * Each executable payload sets `window.__hostile` when it runs: a test that finds the flag set
 * has found script execution. Plain data only: no React, no Node built-ins.
 */
import type { ErrorArtifactRequest, PostArtifactRequest, TaskDefinitionRequest } from '../api';

/** Every payload that runs sets this window property. */
export const HOSTILE_FLAG = '__hostile';

const run = (tag: string) => `window.${HOSTILE_FLAG}='${tag}'`;

/** Markup a careless renderer would execute or inject. */
export const MARKUP = {
  script: `<script>${run('script')}</script>`,
  handlers: `<img src=x onerror="${run('onerror')}"><svg onload="${run('onload')}"></svg><b onmouseover="${run('hover')}">b</b>`,
  iframe: `<iframe src="https://evil.example/frame"></iframe><object data="x"></object><embed src="x">`,
  style: `<style>body{display:none}</style><link rel="stylesheet" href="https://evil.example/x.css">`,
  entities: `&lt;script&gt;${run('entity')}&lt;/script&gt; &amp;amp; &#x3C;b&#x3E; &quot;`,
} as const;

/** URLs that must never become a link or a source. */
export const HOSTILE_URLS = {
  javascript: `javascript:${run('href')}`,
  javascriptMixedCase: 'JaVaScRiPt:alert(1)',
  data: 'data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19ob3N0aWxlPTE8L3NjcmlwdD4=',
  vbscript: 'vbscript:msgbox(1)',
} as const;

/** Unicode that hides or reorders text; lone surrogates are not even valid UTF-16. */
export const UNICODE = {
  rtlOverride: 'invoice-\u202Etxt.exe',
  zeroWidth: 'zero\u200Bwidth\u200C\u200Djoin\uFEFF',
  loneSurrogates: 'lone \uD800 high and \uDFFF low',
} as const;

/** Terminal sequences in logs: a hyperlink to `javascript:`, a window title, cursor moves. */
export const ANSI = {
  osc8: `\u001b]8;;${HOSTILE_URLS.javascript}\u0007click me\u001b]8;;\u0007`,
  title: '\u001b]0;pwned title\u0007\u001b]2;pwned title 2\u001b\\',
  cursor: '\u001b[2J\u001b[H\u001b[10A\u001b[999C\u001b[?25l',
} as const;

/** The schema's limits, reached exactly. */
export const LIMITS = {
  /** task-metadata's `name` maxLength, with no place to break. */
  longName: 'N'.repeat(245) + 'unbroken!!',
  /** `workerGroup` / `workerId` are at most 38 of `[a-zA-Z0-9-_]`. */
  workerGroup: 'g'.repeat(19) + '-'.repeat(19),
  workerId: 'W'.repeat(37) + '_',
} as const;

/** One line of 1 MiB with no break. */
export const MEGA_LINE = 'M'.repeat(1024 * 1024);

/** Bytes that are not UTF-8: a lone continuation byte, an overlong `<`, a truncated sequence. */
export const INVALID_UTF8 = [0x80, 0xc0, 0xbc, 0xff, 0xfe, 0xe2, 0x82] as const;

/** Keys that pollute prototypes when an object is merged carelessly. */
export const PROTO_KEYS_JSON =
  '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}';

/** Every text entry, by name: the e2e asserts each shows up as text, never as markup. */
export const HOSTILE_STRINGS: Record<string, string> = {
  ...MARKUP,
  ...HOSTILE_URLS,
  ...UNICODE,
  ...ANSI,
  ...LIMITS,
};

/** A Markdown description with every link and image a renderer must neutralise. */
export const HOSTILE_MARKDOWN = [
  '# Hostile description',
  MARKUP.script,
  MARKUP.handlers,
  MARKUP.iframe,
  MARKUP.style,
  `[js link](${HOSTILE_URLS.javascript}) [mixed](${HOSTILE_URLS.javascriptMixedCase})`,
  `[data link](${HOSTILE_URLS.data}) [vb link](${HOSTILE_URLS.vbscript})`,
  `![tracker](https://tracker.example/p.gif) ![js img](${HOSTILE_URLS.javascript})`,
  `<a href="${HOSTILE_URLS.javascript}">raw anchor</a>`,
  `[safe link](https://example.com/docs)`,
  UNICODE.rtlOverride,
  UNICODE.zeroWidth,
  MARKUP.entities,
].join('\n\n');

/** JSON with prototype keys, lone surrogates and a 1 MiB line: for `payload` and `extra`. */
export function hostileJson(label: string): Record<string, unknown> {
  const value = JSON.parse(PROTO_KEYS_JSON) as Record<string, unknown>;
  value.label = label;
  value.markup = `${MARKUP.script}${MARKUP.handlers}`;
  value.url = HOSTILE_URLS.javascript;
  value.unicode = { ...UNICODE };
  value.entities = MARKUP.entities;
  value.mega = MEGA_LINE;
  return value;
}

/** The tasks of the hostile group, each exercising different fields; three is enough. */
export function hostileTaskDefinitions(
  base: Omit<TaskDefinitionRequest, 'metadata'>,
): { key: 'markup' | 'long' | 'unicode'; definition: TaskDefinitionRequest }[] {
  const tags = {
    markup: MARKUP.script,
    handlers: MARKUP.handlers,
    [MARKUP.handlers]: 'hostile key',
    rtl: UNICODE.rtlOverride,
    zw: UNICODE.zeroWidth,
    kind: 'hostile',
  };
  const routes = [
    `index.${MARKUP.script}`,
    `notify.email.${HOSTILE_URLS.javascript}.on-failed`,
    `index.${UNICODE.rtlOverride}`,
  ];
  const scopes = [`queue:route:${MARKUP.handlers}`, `secrets:get:${HOSTILE_URLS.vbscript}`];
  return [
    {
      key: 'markup',
      definition: {
        ...base,
        routes,
        scopes,
        tags,
        payload: hostileJson('payload'),
        extra: hostileJson('extra'),
        metadata: {
          name: `hostile ${MARKUP.script}${MARKUP.handlers}`,
          description: HOSTILE_MARKDOWN,
          owner: `${MARKUP.handlers}@example.com`,
          source: `https://example.com/"><img src=x onerror="${run('source')}">`,
        },
      },
    },
    {
      key: 'long',
      definition: {
        ...base,
        tags: { kind: 'hostile', long: LIMITS.longName },
        payload: { command: [LIMITS.longName] },
        metadata: {
          name: LIMITS.longName,
          description: `${LIMITS.longName}${LIMITS.longName}`,
          owner: LIMITS.longName,
          source: `git@example.com:${HOSTILE_URLS.javascript}`,
        },
      },
    },
    {
      key: 'unicode',
      definition: {
        ...base,
        tags: { kind: 'hostile', surrogate: UNICODE.loneSurrogates },
        payload: { text: UNICODE.loneSurrogates, entities: MARKUP.entities },
        extra: JSON.parse(PROTO_KEYS_JSON) as Record<string, unknown>,
        metadata: {
          name: `${UNICODE.rtlOverride} ${UNICODE.zeroWidth} ${MARKUP.entities}`,
          description: `${UNICODE.loneSurrogates} ${MARKUP.entities}`,
          owner: UNICODE.zeroWidth,
          source: `ssh://example.com/${HOSTILE_URLS.vbscript}`,
        },
      },
    },
  ];
}

/**
 * The hostile group's task queue: provisioner and worker type at the 38-character limit, so the
 * worker-type views show unbroken IDs as long as the schema allows.
 */
export const HOSTILE_TASK_QUEUE = `${'p'.repeat(30)}-hostile/${'w'.repeat(36)}-9`;

/** Worker identity of the run that uploads the hostile artifacts: both at the 38-char limit. */
export const HOSTILE_WORKER = { workerGroup: LIMITS.workerGroup, workerId: LIMITS.workerId };

/** Artifacts (other than uploads) with hostile names, content types and reference URLs. */
export function hostileArtifactRequests(expires: string): {
  name: string;
  request: Exclude<PostArtifactRequest, ErrorArtifactRequest> | ErrorArtifactRequest;
}[] {
  return [
    ...Object.entries(HOSTILE_URLS).map(([key, url]) => ({
      name: `public/ref-${key}.txt`,
      request: { storageType: 'reference' as const, url, contentType: 'text/plain', expires },
    })),
    {
      // An image that points elsewhere: a preview must not load it (no foreign <img>).
      name: 'public/ref-tracker.png',
      request: {
        storageType: 'reference',
        url: 'https://tracker.example/p.png',
        contentType: 'image/png',
        expires,
      },
    },
    {
      name: `public/${MARKUP.script}.txt`,
      request: {
        storageType: 'reference',
        url: 'https://example.com/a',
        contentType: `text/html"><script>${run('ctype')}</script>`,
        expires,
      },
    },
    {
      // Artifact names are printable ASCII (the Queue's URL pattern): path tricks instead of bidi.
      name: 'public/../../%2e%2e/evil name with spaces.exe',
      request: {
        storageType: 'reference',
        url: 'https://example.com/b',
        contentType: 'application/octet-stream',
        expires,
      },
    },
    {
      name: `public/${LIMITS.longName}.log`,
      request: {
        storageType: 'reference',
        url: 'https://example.com/c',
        contentType: 'text/plain',
        expires,
      },
    },
    {
      name: `public/error-${MARKUP.handlers}`,
      request: {
        storageType: 'error',
        reason: 'file-missing-on-worker',
        message: `${MARKUP.script} ${MARKUP.handlers} [md](${HOSTILE_URLS.javascript}) ${UNICODE.rtlOverride}`,
        expires,
      },
    },
  ];
}

/** The log of the hostile run: markup, terminal attacks, a 1 MiB line and bytes that are not UTF-8. */
export function hostileLogBytes(): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [
    encoder.encode(
      [
        `line with ${MARKUP.script}${MARKUP.handlers}`,
        `osc8 ${ANSI.osc8}`,
        `title ${ANSI.title} after title`,
        `cursor ${ANSI.cursor} after cursor`,
        `unicode ${UNICODE.rtlOverride} ${UNICODE.zeroWidth}`,
        `entities ${MARKUP.entities}`,
        'invalid bytes next: ',
      ].join('\n'),
    ),
    Uint8Array.from(INVALID_UTF8),
    encoder.encode(` end of invalid\n${MEGA_LINE}\nafter the mega line\n`),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** An uploaded artifact whose bytes are not UTF-8 but claim to be text. */
export function hostileTextArtifactBytes(): Uint8Array<ArrayBuffer> {
  const head = new TextEncoder().encode(`${MARKUP.script}\nbad bytes: `);
  const out = new Uint8Array(head.length + INVALID_UTF8.length + 1);
  out.set(head);
  out.set(INVALID_UTF8, head.length);
  out[out.length - 1] = 0x0a;
  return out;
}

/** Runtime configuration titles (`--dashboard-config`), within its 200-character limit. */
export const HOSTILE_CONFIG_TITLES = [
  `${MARKUP.script}${MARKUP.handlers}`.slice(0, 200),
  `${UNICODE.rtlOverride} ${UNICODE.zeroWidth} ${MARKUP.entities}`,
  LIMITS.longName.slice(0, 200),
];
