import { readFileSync } from 'node:fs';
import { Ajv, type AnySchemaObject } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { absolutize, BUNDLED, generateSchemaFiles } from '../../scripts/generate-schemas';
import {
  compileSchema,
  draftOf,
  formatIssues,
  InvalidSchemaError,
  validateActionsJson,
  validateAgainst,
  validateCreateTask,
} from '.';

const now = Date.UTC(2026, 11, 1, 12);
function task(overrides: Record<string, unknown> = {}) {
  return {
    taskQueueId: 'proj-x/linux',
    created: new Date(now).toJSON(),
    deadline: new Date(now + 3600_000).toJSON(),
    payload: { command: ['true'] },
    metadata: {
      name: 'build',
      description: 'Builds *it*',
      owner: 'dev@example.com',
      source: 'https://example.com/repo',
    },
    ...overrides,
  };
}
const withMetadata = (m: Record<string, unknown>) =>
  task({ metadata: { ...task().metadata, ...m } });

describe('generated schema files', () => {
  it('are what npm run schemas produces from the sources', async () => {
    for (const [path, content] of await generateSchemaFiles()) {
      expect(readFileSync(path, 'utf8'), `${path} is stale: run npm run schemas`).toBe(content);
    }
  });
});

describe('validateCreateTask (Ajv standalone, create-task-request)', () => {
  it('accepts a minimal definition and one with every optional field', () => {
    expect(validateCreateTask(task())).toEqual({ valid: true, issues: [] });
    const full = task({
      schedulerId: 'ci',
      projectId: 'a/b.c',
      taskGroupId: 'ZtErGuitR2yAcL-lJG6_2A',
      dependencies: ['ZtErGuitR2yAcL-lJG6_2A'],
      requires: 'all-resolved',
      routes: ['index.x'],
      priority: 'very-high',
      retries: 49,
      expires: new Date(now + 86400_000).toJSON(),
      scopes: ['queue:x'],
      tags: { a: 'b' },
      extra: { __proto__x: 1 },
    });
    expect(validateCreateTask(full).valid).toBe(true);
  });

  it('locates each problem by JSON pointer, with all problems at once', () => {
    const { valid, issues } = validateCreateTask(
      task({ retries: 50, bogus: true, metadata: { name: 'x'.repeat(256), owner: 'o' } }),
    );
    expect(valid).toBe(false);
    expect(issues).toEqual(
      expect.arrayContaining([
        { pointer: '/retries', keyword: 'maximum', message: 'must be <= 49' },
        {
          pointer: '/bogus',
          keyword: 'additionalProperties',
          message: 'is not allowed (must NOT have additional properties: "bogus")',
        },
        {
          pointer: '/metadata/name',
          keyword: 'maxLength',
          message: 'must NOT have more than 255 characters',
        },
        {
          pointer: '/metadata',
          keyword: 'required',
          message: "must have required property 'description'",
        },
      ]),
    );
    expect(formatIssues(issues)).toContain('/retries: must be <= 49');
  });

  it('escapes pointer tokens (RFC 6901) for odd property names', () => {
    const { issues } = validateCreateTask(task({ 'a/b~c': 1 }));
    expect(issues.map((i) => i.pointer)).toEqual(['/a~1b~0c']);
  });

  it('allows only http(s), ssh and git@ sources, and says which formats a source may take', () => {
    for (const source of ['javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'ftp://x']) {
      const { issues } = validateCreateTask(withMetadata({ source }));
      expect(issues).toContainEqual(
        expect.objectContaining({ pointer: '/metadata/source', keyword: 'pattern' }),
      );
    }
    expect(validateCreateTask(withMetadata({ source: 'git@github.com:a/b' })).valid).toBe(true);
    expect(validateCreateTask(withMetadata({ source: 'ssh://h/r' })).valid).toBe(true);
    expect(validateCreateTask(withMetadata({ source: 'https://x/[(' })).issues).toEqual([
      {
        pointer: '/metadata/source',
        keyword: 'format',
        message: 'must match format "uri" or "regex"',
      },
    ]);
  });

  it('counts string lengths in code points and accepts any JSON string content', () => {
    expect(validateCreateTask(withMetadata({ name: '😀'.repeat(255) })).valid).toBe(true);
    expect(validateCreateTask(withMetadata({ name: '😀'.repeat(256) })).valid).toBe(false);
    const odd = '\u202Eevil\u200B\uD800\uDC00\uDFFF&lt;';
    expect(validateCreateTask(withMetadata({ name: odd, owner: odd })).valid).toBe(true);
  });

  it('checks identifiers, dates, enums and duplicates as the Queue does', () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ taskQueueId: 'no-slash' }, '/taskQueueId', 'pattern'],
      [{ created: 'yesterday' }, '/created', 'format'],
      [{ priority: 'urgent' }, '/priority', 'enum'],
      [
        { dependencies: ['ZtErGuitR2yAcL-lJG6_2A', 'ZtErGuitR2yAcL-lJG6_2A'] },
        '/dependencies',
        'uniqueItems',
      ],
      [{ scopes: ['tab\there'] }, '/scopes/0', 'pattern'],
      [{ payload: 'x' }, '/payload', 'type'],
      [{ schedulerId: 'x'.repeat(39) }, '/schedulerId', 'maxLength'],
    ];
    for (const [override, pointer, keyword] of cases) {
      expect(validateCreateTask(task(override)).issues, JSON.stringify(override)).toContainEqual(
        expect.objectContaining({ pointer, keyword }),
      );
    }
    expect(validateCreateTask(null).issues).toEqual([
      { pointer: '', keyword: 'type', message: 'must be object' },
    ]);
  });

  it('agrees with Ajv compiling the same schemas at run time', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addMetaSchema(draft06 as AnySchemaObject);
    const read = (p: string) =>
      absolutize(
        JSON.parse(
          readFileSync(new URL(`./taskcluster/${p}`, import.meta.url), 'utf8'),
        ) as AnySchemaObject,
      );
    ajv.addMetaSchema(read('common/metaschema.json'));
    for (const p of BUNDLED.filter((b) => b !== 'common/metaschema.json')) ajv.addSchema(read(p));
    const compiled = ajv.getSchema('taskcluster:/schemas/queue/v1/create-task-request.json')!;
    const inputs = [
      task(),
      task({ retries: -1 }),
      withMetadata({ source: 'javascript:x' }),
      task({ routes: [''] }),
      task({ tags: { a: 1 } }),
      task({ deadline: undefined }),
      {},
    ];
    for (const input of inputs) {
      expect(validateCreateTask(input).valid, JSON.stringify(input)).toBe(compiled(input));
    }
  });
});

const hookAction = {
  kind: 'hook',
  name: 'release',
  title: 'Release',
  description: 'Ship *this* push',
  context: [],
  schema: { type: 'object', properties: { version: { type: 'string' } }, required: ['version'] },
  hookGroupId: 'dashboard-demo',
  hookId: 'release-action',
  hookPayload: { version: { $eval: 'input.version' } },
};
const taskAction = {
  kind: 'task',
  title: 'Retrigger',
  description: 'Run again',
  context: [{ kind: 'test' }],
  task: { $merge: [] },
};

describe('validateActionsJson (Ajv standalone, action-schema-v1)', () => {
  it('accepts the documented example', () => {
    const doc = { version: 1, variables: { project: 'demo' }, actions: [hookAction, taskAction] };
    expect(validateActionsJson(doc)).toEqual({ valid: true, issues: [] });
  });

  it('reports an action against the shape its kind selects', () => {
    const { task: _omit, ...noTemplate } = taskAction;
    const doc = { version: 1, variables: {}, actions: [noTemplate, { ...hookAction, hookId: 7 }] };
    expect(validateActionsJson(doc).issues).toEqual([
      { pointer: '/actions/0', keyword: 'required', message: "must have required property 'task'" },
      { pointer: '/actions/1/hookId', keyword: 'type', message: 'must be string' },
    ]);
  });

  it('names an unknown kind, missing top-level keys, extra keys and duplicates', () => {
    expect(
      validateActionsJson({ version: 1, variables: {}, actions: [{ ...taskAction, kind: 'x' }] })
        .issues,
    ).toEqual([
      { pointer: '/actions/0/kind', keyword: 'enum', message: 'must be "task" or "hook"' },
    ]);
    expect(validateActionsJson({ version: 2, actions: [] }).issues).toEqual(
      expect.arrayContaining([
        { pointer: '', keyword: 'required', message: "must have required property 'variables'" },
        {
          pointer: '/version',
          keyword: 'enum',
          message: 'must be equal to one of the allowed values',
        },
      ]),
    );
    expect(
      validateActionsJson({ version: 1, variables: {}, actions: [taskAction, taskAction] }).issues,
    ).toContainEqual(expect.objectContaining({ pointer: '/actions', keyword: 'uniqueItems' }));
    expect(
      validateActionsJson({ version: 1, variables: {}, actions: [{ ...taskAction, url: 'x' }] })
        .issues,
    ).toContainEqual(expect.objectContaining({ pointer: '/actions/0/url' }));
  });
});

describe('validateAgainst (run-time schemas, @cfworker/json-schema)', () => {
  it('reports the causes with RFC 6901 pointers, not every enclosing level', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-06/schema#',
      type: 'object',
      required: ['version'],
      additionalProperties: false,
      properties: {
        version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+$' },
        'a/é': { type: 'array', items: { type: 'integer' } },
        ok: { type: 'boolean' },
      },
    };
    expect(validateAgainst(schema, { version: '1.0', ok: true })).toEqual({
      valid: true,
      issues: [],
    });
    const { issues } = validateAgainst(schema, { 'a/é': [1, 'x'], extra: 1 });
    expect(issues).toEqual([
      {
        pointer: '',
        keyword: 'required',
        message: 'Instance does not have required property "version"',
      },
      {
        pointer: '/a~1é/1',
        keyword: 'type',
        message: 'Instance type "string" is invalid. Expected "integer"',
      },
      { pointer: '/extra', keyword: 'false', message: 'is not allowed here' },
    ]);
  });

  it('picks the draft from $schema', () => {
    expect(draftOf({ $schema: 'http://json-schema.org/draft-04/schema#' })).toBe('4');
    expect(draftOf({ $schema: 'http://json-schema.org/draft-06/schema#' })).toBe('7');
    expect(draftOf({ $schema: 'https://json-schema.org/draft/2020-12/schema' })).toBe('2020-12');
    expect(draftOf({})).toBe('7');
    // draft-04's boolean exclusiveMaximum vs draft-06's number.
    const d4 = {
      $schema: 'http://json-schema.org/draft-04/schema#',
      maximum: 5,
      exclusiveMaximum: true,
    };
    expect(validateAgainst(d4, 5).valid).toBe(false);
    expect(validateAgainst({ exclusiveMaximum: 5 }, 4).valid).toBe(true);
    expect(validateAgainst({ exclusiveMaximum: 5 }, 5).valid).toBe(false);
  });

  it('resolves $refs to other schemas given as references, and rejects broken schemas', () => {
    const common = { $id: 'https://x.test/common.json', definitions: { id: { type: 'string' } } };
    const check = compileSchema(
      { properties: { id: { $ref: 'https://x.test/common.json#/definitions/id' } } },
      { references: [common] },
    );
    expect(check({ id: 'a' }).valid).toBe(true);
    expect(check({ id: 1 }).issues[0]?.pointer).toBe('/id');
    expect(() => validateAgainst({ $ref: '#/definitions/nope' }, 1)).toThrow(InvalidSchemaError);
    expect(() => compileSchema('not a schema')).toThrow(InvalidSchemaError);
  });

  it('treats __proto__ and constructor as ordinary keys, in schemas and values', () => {
    const schema = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"},"constructor":{"type":"number"}}}',
    ) as object;
    const value = JSON.parse('{"__proto__":{"polluted":true},"constructor":"x"}') as object;
    const { issues } = validateAgainst(schema, value);
    expect(issues.map((i) => i.pointer).sort()).toEqual(['/__proto__', '/constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
