/**
 * Generates the bundled Taskcluster schemas and their precompiled validators:
 *
 * 1. renders the YAML sources in `src/schemas/taskcluster/sources/` to JSON the way Taskcluster's
 *    `taskcluster-lib-validate` does (`{$const: key}` from the service's `constants.yml`, `$ref`s
 *    must stay relative, `$id` = `/schemas/<service>/<path>.json#`), with keys sorted as in
 *    Taskcluster's `generated/references.json`;
 * 2. compiles the schemas the dashboard validates against with Ajv's standalone mode into
 *    `src/schemas/generated/validators.ts`, so the browser never compiles (evals) a schema.
 *
 * The outputs are committed; `schemas.test.ts` fails when they differ from a fresh run.
 * Run `npm run schemas` after changing a source.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv, type AnySchemaObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { format, resolveConfig } from 'prettier';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMAS = join(ROOT, 'src/schemas/taskcluster');
const SOURCES = join(SCHEMAS, 'sources');
const GENERATED = join(ROOT, 'src/schemas/generated/validators.ts');

/** Where the generated validators find Ajv's runtime helpers (see `src/schemas/ajv-runtime.ts`). */
const RUNTIME_IMPORT = '../ajv-runtime';
/** The modules Ajv's standalone code may `require`; `ajv-runtime.ts` provides exactly these. */
export const AJV_RUNTIME_MODULES = [
  'ajv/dist/runtime/ucs2length',
  'ajv/dist/runtime/equal',
  'ajv-formats/dist/formats',
] as const;

/**
 * Taskcluster's abstract root (`taskcluster-lib-validate` uses it too): ids must be absolute for
 * Ajv to resolve `$ref`s between files, and any root gives the same validation.
 */
export const SCHEMA_ROOT = 'taskcluster:';

/** YAML sources rendered to JSON: [service, source path under sources/, output path]. */
const YAML_SCHEMAS: Array<{ service: string | null; source: string; output: string }> = [
  { service: 'queue', source: 'queue/v1/task.yml', output: 'queue/v1/task.json' },
  { service: 'queue', source: 'queue/v1/task-metadata.yml', output: 'queue/v1/task-metadata.json' },
  // Common schemas carry their own `$id` (libraries/references).
  { service: null, source: 'common/metaschema.yml', output: 'common/metaschema.json' },
];

/** Every bundled schema, by path under src/schemas/taskcluster/. */
export const BUNDLED = [
  'common/metaschema.json',
  'common/action-schema-v1.json',
  'queue/v1/task-metadata.json',
  'queue/v1/task.json',
  'queue/v1/create-task-request.json',
] as const;

/** The exported validators: name → schema path. */
const VALIDATORS = {
  validateCreateTaskRequest: 'queue/v1/create-task-request.json',
  validateActionSchemaV1: 'common/action-schema-v1.json',
} as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `{$const: key}` → a deep copy of `constants[key]`, recursively (taskcluster-lib-validate). */
export function renderConstants(value: Json, constants: Record<string, Json>): Json {
  if (Array.isArray(value)) return value.map((v) => renderConstants(v, constants));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && typeof value.$const === 'string') {
    const constant = constants[value.$const];
    if (constant === undefined) throw new Error(`Undefined constant: ${value.$const}`);
    return renderConstants(structuredClone(constant), constants);
  }
  return Object.fromEntries(keys.map((k) => [k, renderConstants(value[k]!, constants)]));
}

/** Taskcluster forbids absolute and rooted `$ref`s inside a service's schemas. */
function checkRefs(value: Json, where: string): void {
  if (Array.isArray(value)) return value.forEach((v) => checkRefs(v, where));
  if (value === null || typeof value !== 'object') return;
  const ref = value.$ref;
  if (typeof ref === 'string' && Object.keys(value).length === 1) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('/')) {
      throw new Error(`${where}: $ref ${ref} must be relative`);
    }
    return;
  }
  Object.values(value).forEach((v) => checkRefs(v, where));
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys(value[k]!)]),
  );
}

function renderYamlSchema(entry: (typeof YAML_SCHEMAS)[number]): Json {
  const source = parse(readFileSync(join(SOURCES, entry.source), 'utf8')) as Json;
  if (!entry.service) return sortKeys(source);
  const constants = parse(
    readFileSync(join(SOURCES, entry.service, 'constants.yml'), 'utf8'),
  ) as Record<string, Json>;
  const schema = renderConstants(source, constants) as { [key: string]: Json };
  checkRefs(schema, entry.source);
  if ('$id' in schema || 'id' in schema) throw new Error(`${entry.source} sets its own id`);
  const name = entry.output.replace(/^[^/]+\//, '');
  return sortKeys({ ...schema, $id: `/schemas/${entry.service}/${name}#` });
}

/** A bundled schema with `$id` and `$schema` made absolute under `root` (as a deployment serves them). */
export function absolutize(schema: AnySchemaObject, root = SCHEMA_ROOT): AnySchemaObject {
  const abs = (u: string | undefined) => (u?.startsWith('/') ? `${root}${u}` : u);
  return { ...schema, $id: abs(schema.$id), $schema: abs(schema.$schema) };
}

function readBundled(path: string, rendered: Map<string, Json>): AnySchemaObject {
  return (rendered.get(path) ??
    JSON.parse(readFileSync(join(SCHEMAS, path), 'utf8'))) as AnySchemaObject;
}

function standaloneValidators(rendered: Map<string, Json>): string {
  const addFormats =
    (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
    addFormatsModule;
  const standaloneCode =
    (standaloneModule as unknown as { default?: typeof standaloneModule }).default ??
    standaloneModule;
  // The options of Taskcluster's own validator (allErrors, full formats, non-strict), minus
  // useDefaults: the dashboard checks a definition and never rewrites the user's input.
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } });
  addFormats(ajv);
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as AnySchemaObject);
  ajv.addMetaSchema(absolutize(readBundled('common/metaschema.json', rendered)));
  for (const path of BUNDLED.filter((p) => p !== 'common/metaschema.json')) {
    ajv.addSchema(absolutize(readBundled(path, rendered)));
  }
  const refs = Object.fromEntries(
    Object.entries(VALIDATORS).map(([name, path]) => [
      name,
      String(absolutize(readBundled(path, rendered)).$id),
    ]),
  );
  let code = standaloneCode(ajv, refs);
  const required = new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!));
  const unknown = [...required].filter(
    (m) => !(AJV_RUNTIME_MODULES as readonly string[]).includes(m),
  );
  if (unknown.length) throw new Error(`add ${unknown.join(', ')} to ajv-runtime.ts`);
  code = code.replace(/require\("([^"]+)"\)/g, '__ajvRuntime("$1")');
  if (/\bnew Function\b|\beval\(/.test(code)) throw new Error('generated code evaluates code');
  return [
    '// Generated by scripts/generate-schemas.ts (npm run schemas). Do not edit.',
    '// Ajv standalone validators for the bundled Taskcluster schemas: no eval at run time.',
    '/* eslint-disable */',
    '// @ts-nocheck',
    `import { ajvRuntime as __ajvRuntime } from '${RUNTIME_IMPORT}';`,
    code.replace(/^"use strict";/, ''),
    '',
  ].join('\n');
}

/** Every generated file: absolute path → content. */
export async function generateSchemaFiles(): Promise<Map<string, string>> {
  const rendered = new Map<string, Json>();
  const files = new Map<string, string>();
  for (const entry of YAML_SCHEMAS) {
    const json = renderYamlSchema(entry);
    rendered.set(entry.output, json);
    const path = join(SCHEMAS, entry.output);
    const options = await resolveConfig(path);
    files.set(path, await format(JSON.stringify(json), { ...options, filepath: path }));
  }
  files.set(GENERATED, standaloneValidators(rendered));
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [path, content] of await generateSchemaFiles()) {
    writeFileSync(path, content);
    console.log(`wrote ${relative(ROOT, path)}`);
  }
}
