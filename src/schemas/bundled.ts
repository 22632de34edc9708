/**
 * Validation against the Taskcluster schemas bundled with the dashboard, through validators
 * that Ajv precompiled at development time (`npm run schemas`): nothing is compiled or evaluated
 * in the browser.
 */
import { validateActionSchemaV1, validateCreateTaskRequest } from './generated/validators';
import { escapePointerToken, result, type ValidationIssue, type ValidationResult } from './issues';

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}
type Precompiled = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

function toIssue(error: AjvError): ValidationIssue {
  const { instancePath, keyword, params } = error;
  const message = error.message ?? `fails ${keyword}`;
  if (keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    // Point at the unknown property itself, so an editor can mark its line.
    return {
      pointer: `${instancePath}/${escapePointerToken(params.additionalProperty)}`,
      keyword,
      message: `is not allowed (${message}: "${params.additionalProperty}")`,
    };
  }
  return { pointer: instancePath, keyword, message };
}

/**
 * Ajv reports each failed branch of an `anyOf` and then the `anyOf` itself. Where every branch
 * failed on a `format` (task-metadata's `source`: a URI or a regex), say that in one line.
 */
function mergeAnyOf(errors: readonly AjvError[]): AjvError[] {
  const merged: AjvError[] = [];
  for (const error of errors) {
    if (error.keyword !== 'anyOf') {
      merged.push(error);
      continue;
    }
    const branchPrefix = `${error.schemaPath}/`;
    const branches = merged.filter(
      (e) => e.instancePath === error.instancePath && e.schemaPath.startsWith(branchPrefix),
    );
    if (branches.length && branches.every((b) => b.keyword === 'format')) {
      for (const b of branches) merged.splice(merged.indexOf(b), 1);
      const formats = branches.map((b) => `"${String(b.params.format)}"`).join(' or ');
      merged.push({ ...error, keyword: 'format', message: `must match format ${formats}` });
    } else if (!branches.length) {
      merged.push(error);
    }
  }
  return merged;
}

function run(validate: Precompiled, value: unknown): AjvError[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.pointer}\u0000${i.keyword}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Checks a task definition against the Queue's `create-task-request` schema (v1, as a real
 * deployment serves it). Only the schema: the Queue's other checks (`created` within 15 minutes,
 * `deadline` within 5 days, …) happen at `createTask`.
 */
export function validateCreateTask(definition: unknown): ValidationResult {
  return result(dedupe(mergeAnyOf(run(validateCreateTaskRequest, definition)).map(toIssue)));
}

const ACTION_BRANCH = /^#\/properties\/actions\/items\/anyOf\/(\d+)(\/|$)/;
const KINDS = ['task', 'hook'];

/**
 * Checks a decision task's `public/actions.json` against `action-schema-v1` (draft-06). Each
 * action is reported against the shape its `kind` selects, not against both.
 */
export function validateActionsJson(document: unknown): ValidationResult {
  const errors = run(validateActionSchemaV1, document);
  const listed = (document as { actions?: unknown } | null)?.actions;
  const actions = Array.isArray(listed) ? (listed as unknown[]) : [];
  const kindOf = (pointer: string): number => {
    const index = Number(pointer.split('/')[2]);
    const kind = (actions[index] as { kind?: unknown } | null)?.kind;
    return typeof kind === 'string' ? KINDS.indexOf(kind) : -1;
  };
  const issues: ValidationIssue[] = [];
  for (const error of errors) {
    const branch = ACTION_BRANCH.exec(error.schemaPath);
    const itemPointer = /^\/actions\/\d+/.exec(error.instancePath)?.[0];
    if (branch && itemPointer) {
      // Keep the failures of the branch that matches the item's kind.
      if (Number(branch[1]) === kindOf(itemPointer)) issues.push(toIssue(error));
      continue;
    }
    if (error.keyword === 'anyOf' && itemPointer && /^\/actions\/\d+$/.test(error.instancePath)) {
      if (kindOf(itemPointer) === -1) {
        issues.push({
          pointer: `${itemPointer}/kind`,
          keyword: 'enum',
          message: 'must be "task" or "hook"',
        });
      }
      continue;
    }
    issues.push(toIssue(error));
  }
  return result(dedupe(issues));
}
