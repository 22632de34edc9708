/**
 * Finds paths in the repository's own files that lead outside it: a relative path literal that,
 * resolved against its file, leaves the repository root; an absolute path into a home or
 * workspace folder; a package.json script argument that climbs above the root; and the text of
 * the team's reference folder, which exists only beside the original checkout.
 * System paths (the browser, temp folders, Playwright's cache) are fine.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Built from parts, so that this file does not contain the text it forbids. */
export const FORBIDDEN_TEXT = ['..', 'shared'].join('/');

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const BINARY = /\.(?:png|jpe?g|gif|webp|ico|woff2?|ttf|sqlite|gz|br|zip)$/i;
const HOME_OR_WORKSPACE = /^\/(?:work|home|Users)\//;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', '.data', 'reports', 'test-results']);

export interface Finding {
  file: string;
  line: number;
  text: string;
  why: string;
}

interface Literal {
  value: string;
  start: number;
  end: number;
}

/**
 * String literals of a JS/TS source, in order, outside comments; template literals only up to a
 * substitution. A small scanner rather than a parser: a quote inside a regular expression
 * literal may yield a stray one-line literal, never a missed one.
 */
export function stringLiterals(source: string): Literal[] {
  const literals: Literal[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const eol = source.indexOf('\n', i);
      i = eol === -1 ? source.length : eol;
    } else if (c === '/' && next === '*') {
      const close = source.indexOf('*/', i + 2);
      i = close === -1 ? source.length : close + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      let value = '';
      let complete = false;
      while (j < source.length) {
        const d = source[j]!;
        if (d === '\\') {
          value += source.slice(j, j + 2);
          j += 2;
        } else if (d === c) {
          complete = true;
          break;
        } else if ((d === '\n' && c !== '`') || (c === '`' && d === '$' && source[j + 1] === '{')) {
          break;
        } else {
          value += d;
          j++;
        }
      }
      if (complete) literals.push({ value, start: i, end: j + 1 });
      i = complete ? j + 1 : j;
      // A template's substitution: skip to its closing backtick; its literals are not paths here.
      if (!complete && c === '`') {
        const close = source.indexOf('`', j);
        i = close === -1 ? source.length : close + 1;
      }
    } else i++;
  }
  return literals;
}

// Globs (lint rules' import patterns) are patterns, not paths.
const isRelative = (value: string) => /^\.\.?(?:\/|$)/.test(value) && !/[*?[\]{}]/.test(value);

/**
 * Path candidates: every relative literal, and runs of literals that are arguments of one call
 * (`join(dir, '..', '..', 'x')`), joined, when the run starts with a bare `.` or `..` segment.
 */
export function relativePathLiterals(source: string): Literal[] {
  const literals = stringLiterals(source);
  const candidates: Literal[] = literals.filter((l) => isRelative(l.value));
  for (let i = 0; i < literals.length; i++) {
    if (literals[i]!.value !== '..' && literals[i]!.value !== '.') continue;
    let j = i;
    while (
      j + 1 < literals.length &&
      /^\s*,\s*$/.test(source.slice(literals[j]!.end, literals[j + 1]!.start))
    )
      j++;
    if (j > i) {
      const run = literals.slice(i, j + 1);
      candidates.push({
        value: join(...run.map((l) => l.value)),
        start: run[0]!.start,
        end: run.at(-1)!.end,
      });
    }
  }
  return candidates;
}

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/** Findings in one file's text; `file` is relative to `root`. */
export function findOutsidePaths(root: string, file: string, text: string): Finding[] {
  const findings: Finding[] = [];
  const at = (index: number, why: string, what: string) =>
    findings.push({ file, line: lineOf(text, index), text: what, why });

  if (!file.endsWith('.md')) {
    let index = text.indexOf(FORBIDDEN_TEXT);
    while (index !== -1) {
      at(index, 'names the reference folder outside the repository', FORBIDDEN_TEXT);
      index = text.indexOf(FORBIDDEN_TEXT, index + 1);
    }
  }
  if (SOURCE.test(file)) {
    const base = dirname(join(root, file));
    for (const literal of relativePathLiterals(text)) {
      if (!inside(root, resolve(base, literal.value)))
        at(literal.start, 'resolves outside the repository', literal.value);
    }
    for (const literal of stringLiterals(text)) {
      if (HOME_OR_WORKSPACE.test(literal.value))
        at(literal.start, 'is an absolute path into a home or workspace folder', literal.value);
    }
  }
  if (file === 'package.json') {
    const scripts = (JSON.parse(text) as { scripts?: Record<string, string> }).scripts ?? {};
    for (const [name, command] of Object.entries(scripts))
      for (const token of command.split(/[\s=;&|()]+/))
        if (
          (isRelative(token) && !inside(root, resolve(root, token))) ||
          HOME_OR_WORKSPACE.test(token)
        )
          at(text.indexOf(command), `script "${name}" reaches outside the repository`, token);
  }
  return findings;
}

/** The repository's files: tracked and new ones (git), else every file outside build output. */
export function repositoryFiles(root: string): string[] {
  const git = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (git.status === 0) return git.stdout.split('\0').filter(Boolean);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      if (SKIP_DIRS.has(name)) continue;
      const path = dir ? `${dir}/${name}` : name;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk('');
  return files;
}

/** Every finding in the repository rooted at `root`. */
export function scanRepository(root: string): { files: number; findings: Finding[] } {
  const files = repositoryFiles(root).filter((f) => !BINARY.test(f));
  const findings: Finding[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue; // deleted but not yet committed
    }
    findings.push(...findOutsidePaths(root, file, text));
  }
  return { files: files.length, findings };
}
