/**
 * Browser-safe JSON-schema validation that never evaluates code (the dashboard's CSP has no
 * `unsafe-eval`). No React; import it lazily (`await import('../../schemas')`) from the views
 * that need it, so the first route does not load it.
 *
 * - `validateCreateTask(definition)`: the Queue's `create-task-request` schema, precompiled.
 * - `validateActionsJson(document)`: `action-schema-v1` (a decision task's `public/actions.json`), precompiled.
 * - `validateAgainst(schema, value)` / `compileSchema(schema)(value)`: a schema known only at run time.
 *
 * Each returns `{valid, issues}`; an issue has an RFC 6901 `pointer` into the value, a `message`
 * and the failing `keyword`.
 */
export { validateActionsJson, validateCreateTask } from './bundled';
export {
  compileSchema,
  draftOf,
  InvalidSchemaError,
  validateAgainst,
  type RuntimeSchemaOptions,
} from './runtime';
export {
  escapePointerToken,
  formatIssues,
  type ValidationIssue,
  type ValidationResult,
} from './issues';
