/** Request-body validation with Ajv, as Taskcluster's services do it: defaults are filled in. */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** Validates (and fills defaults into) `body`; returns an error text, or undefined when valid. */
export type Validator<Name extends string> = (
  name: Name,
  body: unknown,
  schemaUrl: string,
) => string | undefined;

function describe(errors: ErrorObject[]): string {
  return errors.map((e) => `  * data${e.instancePath} ${e.message ?? 'is invalid'}`).join('\n');
}

/** A validator over one service's schemas, each compiled on first use. */
export function createValidator<Name extends string>(
  schemas: Record<Name, object>,
): Validator<Name> {
  const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
  addFormats.default(ajv);
  const compiled = new Map<Name, ValidateFunction>();
  return (name, body, schemaUrl) => {
    let fn = compiled.get(name);
    if (!fn) {
      fn = ajv.compile(schemas[name]);
      compiled.set(name, fn);
    }
    if (fn(body)) return undefined;
    return `\nSchema Validation Failed!\nRejecting Schema: ${schemaUrl}\nErrors:\n${describe(fn.errors ?? [])}`;
  };
}
