import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? cssFiles(join(dir, e.name))
      : e.name.endsWith('.css')
        ? [join(dir, e.name)]
        : [],
  );
}

describe("our CSS follows Mantine's colour scheme", () => {
  // Vite's CSS build rewrites light-dark() into variables that only its own `color-scheme`
  // rules set. Mantine sets the scheme with a data attribute, so neither colour applied: the
  // timeline's critical-path swatch was invisible in both schemes. Dark colours go under
  // `:global([data-mantine-color-scheme='dark'])` instead.
  it('uses no light-dark()', () => {
    const files = cssFiles(SRC);
    expect(files.length).toBeGreaterThan(5);
    const offenders = files
      .filter((f) =>
        readFileSync(f, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .includes('light-dark('),
      )
      .map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });
});
