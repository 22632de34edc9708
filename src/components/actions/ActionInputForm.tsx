import Form from '@rjsf/mantine';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useMemo } from 'react';
import { compileSchema } from '../../schemas';
import { createRjsfValidator } from './rjsf-validator';

const validator = createRjsfValidator(compileSchema);

// No submit button (the dialog has its own), and descriptions as plain text:
// `ui:enableMarkdownInDescription` would render raw HTML from an untrusted actions.json.
const UI_SCHEMA: UiSchema = {
  'ui:submitButtonOptions': { norender: true },
  'ui:enableMarkdownInDescription': false,
};

/**
 * The input form of an action, built from its JSON schema by rjsf with Mantine widgets and
 * validated without eval; errors appear inline as the user types.
 */
export function ActionInputForm({
  schema,
  value,
  onChange,
}: {
  schema: Record<string, unknown>;
  value: unknown;
  onChange(value: unknown, valid: boolean): void;
}) {
  const rjsfSchema = useMemo(() => schema as RJSFSchema, [schema]);
  return (
    <Form
      schema={rjsfSchema}
      uiSchema={UI_SCHEMA}
      formData={value}
      validator={validator}
      liveValidate
      showErrorList={false}
      noHtml5Validate
      onChange={(e) => onChange(e.formData, (e.errors ?? []).length === 0)}
    />
  );
}
