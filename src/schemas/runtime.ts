/**
 * Validation against schemas that arrive at run time (an action's input schema in
 * `public/actions.json`, a hook's trigger schema), with `@cfworker/json-schema`: it interprets
 * the schema instead of compiling it, so it runs under a CSP without `unsafe-eval`.
 */
import { Validator, type OutputUnit, type Schema, type SchemaDraft } from '@cfworker/json-schema';
import { result, type ValidationIssue, type ValidationResult } from './issues';

/** The schema itself cannot be used: an unresolvable `$ref`, a non-object schema, … */
export class InvalidSchemaError extends Error {
  override name = 'InvalidSchemaError';
}

export interface RuntimeSchemaOptions {
  /**
   * The rules to apply. By default from `$schema`: draft-04 → `4`; draft-06 and draft-07 → `7`
   * (draft-07 only adds keywords draft-06 does not know); 2019-09 and 2020-12 as named; none → `7`.
   */
  draft?: SchemaDraft;
  /** Further schemas (each with an `$id`) that `$ref`s in the schema may point to. */
  references?: readonly object[];
}

/** The JSON-schema draft a `$schema` URI names, as @cfworker/json-schema spells it. */
export function draftOf(schema: unknown): SchemaDraft {
  const uri =
    schema && typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined;
  if (typeof uri !== 'string') return '7';
  if (uri.includes('draft-04')) return '4';
  if (uri.includes('2019-09')) return '2019-09';
  if (uri.includes('2020-12')) return '2020-12';
  return '7';
}

/** `#/a/b~1c/%C3%A9` (a URI fragment) → `/a/b~1c/é` (an RFC 6901 pointer). */
function fragmentToPointer(location: string): string {
  const fragment = location.replace(/^#/, '');
  if (!fragment) return '';
  return fragment
    .split('/')
    .map((token) => {
      try {
        return decodeURIComponent(token);
      } catch {
        return token;
      }
    })
    .join('/');
}

/**
 * @cfworker reports every level of a failure ("Property "m" does not match schema", then the
 * cause). Users need the causes: drop a unit when another unit explains it more precisely.
 */
function causes(units: readonly OutputUnit[]): OutputUnit[] {
  return units.filter((unit) => {
    const deeper = units.some(
      (other) => other !== unit && other.keywordLocation.startsWith(`${unit.keywordLocation}/`),
    );
    if (deeper) return false;
    if (unit.keyword === 'additionalProperties') {
      // Its cause is a `false` unit at the property's own location.
      return !units.some(
        (o) => o.keyword === 'false' && o.instanceLocation.startsWith(`${unit.instanceLocation}/`),
      );
    }
    return true;
  });
}

function toIssue(unit: OutputUnit): ValidationIssue {
  const pointer = fragmentToPointer(unit.instanceLocation);
  if (unit.keyword === 'false') {
    return { pointer, keyword: 'false', message: 'is not allowed here' };
  }
  return { pointer, keyword: unit.keyword, message: unit.error.replace(/\.$/, '') };
}

/**
 * Prepares `schema` once for many values (a form validating on every change). Throws
 * `InvalidSchemaError` when the schema is not a schema.
 */
export function compileSchema(
  schema: unknown,
  options: RuntimeSchemaOptions = {},
): (value: unknown) => ValidationResult {
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object')) {
    throw new InvalidSchemaError('A JSON schema must be an object or a boolean.');
  }
  let validator: Validator;
  try {
    validator = new Validator(schema as Schema, options.draft ?? draftOf(schema), false);
    for (const reference of options.references ?? []) validator.addSchema(reference as Schema);
  } catch (err) {
    throw new InvalidSchemaError(`The schema cannot be used: ${(err as Error).message}`);
  }
  return (value) => {
    let units: OutputUnit[];
    try {
      units = validator.validate(value).errors;
    } catch (err) {
      // @cfworker resolves `$ref`s lazily, so a dangling one surfaces here.
      throw new InvalidSchemaError(
        `The schema cannot be used: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    return result(causes(units).map(toIssue));
  };
}

/** Validates `value` against a run-time `schema`. Throws `InvalidSchemaError` for a broken schema. */
export function validateAgainst(
  schema: unknown,
  value: unknown,
  options?: RuntimeSchemaOptions,
): ValidationResult {
  return compileSchema(schema, options)(value);
}
