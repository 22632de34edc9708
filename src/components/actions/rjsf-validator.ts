/**
 * An rjsf validator that never evaluates code: each schema is interpreted by the dashboard's
 * eval-free validator (`compileSchema`), so action input forms work under a CSP without
 * `unsafe-eval`, where `@rjsf/validator-ajv8` cannot compile.
 */
import {
  createErrorHandler,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
  type RJSFSchema,
  type RJSFValidationError,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';

interface Issue {
  pointer: string;
  message: string;
  keyword: string;
}
type Compile = (schema: unknown) => (value: unknown) => { valid: boolean; issues: Issue[] };

/** `/a/0/b` → `.a.0.b`; a missing required property points at the property itself. */
function propertyOf(issue: Issue): string {
  let path = issue.pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const required = issue.keyword === 'required' ? /"([^"]+)"/.exec(issue.message)?.[1] : undefined;
  if (required !== undefined) path = [...path, required];
  return path.length ? `.${path.join('.')}` : '';
}

export function createRjsfValidator(compile: Compile): ValidatorType {
  const compiled = new WeakMap<object, ReturnType<Compile>>();
  const run = (schema: RJSFSchema, value: unknown) => {
    let fn = compiled.get(schema);
    if (!fn) {
      fn = compile(schema);
      compiled.set(schema, fn);
    }
    return fn(value);
  };
  const toErrors = (issues: Issue[]): RJSFValidationError[] =>
    issues.map((issue) => {
      const property = propertyOf(issue);
      const message = issue.keyword === 'required' ? 'is required' : issue.message;
      return {
        name: issue.keyword,
        property,
        message,
        stack: `${property || 'value'} ${message}`.trim(),
        schemaPath: '',
      };
    });

  return {
    validateFormData(formData, schema, customValidate, transformErrors, uiSchema) {
      let errors = toErrors(run(schema, formData).issues);
      if (transformErrors) errors = transformErrors(errors, uiSchema);
      let data: ValidationData<unknown> = { errors, errorSchema: toErrorSchema(errors) };
      if (customValidate) {
        const handler = customValidate(formData, createErrorHandler(formData), uiSchema);
        data = validationDataMerge(data, unwrapErrorHandler(handler));
      }
      return data;
    },
    isValid(schema, formData, rootSchema) {
      try {
        const withDefinitions = { ...rootSchema, ...schema } as RJSFSchema;
        return run(withDefinitions, formData).valid;
      } catch {
        return false;
      }
    },
    rawValidation(schema, formData) {
      try {
        return { errors: run(schema, formData).issues as never[] };
      } catch (err) {
        return { validationError: err as Error };
      }
    },
  };
}
