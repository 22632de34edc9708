import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FORBIDDEN_TEXT,
  findOutsidePaths,
  relativePathLiterals,
  scanRepository,
} from './outside-paths';

const ROOT = join(import.meta.dirname, '..');
// Crafted sources are assembled here so that this file itself holds none of what it forbids.
const q = (s: string) => `'${s}'`;
const UP = '..';

describe('the detector, on crafted sources', () => {
  it('resolves relative literals against their own file', () => {
    const source = `readFileSync(join(import.meta.dirname, ${q(`${UP}/${UP}/${UP}/elsewhere/x.json`)}))`;
    expect(findOutsidePaths('/repo', 'src/api/client.test.ts', source)).toEqual([
      {
        file: 'src/api/client.test.ts',
        line: 1,
        text: `${UP}/${UP}/${UP}/elsewhere/x.json`,
        why: 'resolves outside the repository',
      },
    ]);
    // The same climb from a deeper file stays inside.
    expect(findOutsidePaths('/repo', 'src/a/b/c.test.ts', source)).toEqual([]);
  });

  it('joins literal segments passed to one call', () => {
    const source = `const dir = join(import.meta.dirname, ${q(UP)}, ${q(UP)}, ${q('data')});`;
    expect(relativePathLiterals(source).map((l) => l.value)).toContain(`${UP}/${UP}/data`);
    const found = findOutsidePaths('/repo', 'server/x.ts', source);
    expect(found.map((f) => f.text)).toEqual([`${UP}/${UP}/data`]);
  });

  it('accepts imports and paths that stay inside', () => {
    const source = [
      `import { a } from ${q(`${UP}/api`)};`,
      `const f = new URL(${q('./fixtures/x.json')}, import.meta.url);`,
      `await import(${q(`${UP}/${UP}/e2e/support/chromium`)});`,
      `// A comment is no path: join(dir, ${q(UP)}, ${q(UP)}, ${q(UP)}, ${q('x')})`,
      `/* nor is ${q(`${UP}/${UP}/${UP}/x`)} here */`,
      `const glob = ${q(`${UP}/${UP}/${UP}/*`)};`,
    ].join('\n');
    expect(findOutsidePaths('/repo', 'src/features/a.ts', source)).toEqual([]);
  });

  it('flags the reference folder text in any non-Markdown file, comments included', () => {
    const text = `# run\n# see ${FORBIDDEN_TEXT}/reference\n`;
    expect(findOutsidePaths('/repo', '.ci/run', text)).toEqual([
      {
        file: '.ci/run',
        line: 2,
        text: FORBIDDEN_TEXT,
        why: 'names the reference folder outside the repository',
      },
    ]);
    expect(findOutsidePaths('/repo', 'server/fixtures/README.md', text)).toEqual([]);
  });

  it('flags absolute paths into home or workspace folders, not system paths', () => {
    const source = `const a = ${q('/' + 'work/elsewhere/x.json')}; const b = ${q('/usr/bin/chromium')}; const c = ${q('/tmp/x')};`;
    expect(findOutsidePaths('/repo', 'bench/run.ts', source).map((f) => f.text)).toEqual([
      '/' + 'work/elsewhere/x.json',
    ]);
  });

  it('flags package.json scripts that climb above the root', () => {
    const pkg = JSON.stringify({
      scripts: { ok: 'tsx scripts/start.ts', bad: `node ${UP}/tools/x.js --flag` },
    });
    expect(findOutsidePaths('/repo', 'package.json', pkg).map((f) => [f.text, f.why])).toEqual([
      [`${UP}/tools/x.js`, 'script "bad" reaches outside the repository'],
    ]);
  });
});

describe('the repository', () => {
  it('reads nothing outside itself: no path literal leaves it, no file names the reference folder', () => {
    const { files, findings } = scanRepository(ROOT);
    expect(files).toBeGreaterThan(100);
    expect(findings.map((f) => `${f.file}:${f.line} ${f.text} ${f.why}`)).toEqual([]);
  });
});
