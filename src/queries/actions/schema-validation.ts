/**
 * Validation without eval (the dashboard's CSP has no `unsafe-eval`), through
 * `@cfworker/json-schema`, which interprets schemas instead of compiling them.
 *
 * Interim: the shared validation module of issue 10 (`src/schemas`) replaces this file once it
 * is on main; the function names and result shape are already that module's.
 */
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import actionSchema from './action-schema-v1.json';

export interface ValidationIssue {
  /** RFC 6901 pointer into the value (`''` = the whole value). */
  pointer: string;
  message: string;
  keyword: string;
}
export interface ValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
}

const pointerOf = (location: string) =>
  location
    .replace(/^#/, '')
    .split('/')
    .map((t) => decodeURIComponent(t))
    .join('/');

/** The innermost causes only: "does not match schema" wrappers say nothing to users. */
function toResult(units: readonly OutputUnit[]): ValidationResult {
  const causes = units.filter(
    (u) => !units.some((o) => o !== u && o.keywordLocation.startsWith(`${u.keywordLocation}/`)),
  );
  const issues = causes.map((u) => ({
    pointer: pointerOf(u.instanceLocation),
    keyword: u.keyword,
    message: u.keyword === 'false' ? 'is not allowed here' : u.error.replace(/\.$/, ''),
  }));
  return { valid: issues.length === 0, issues };
}

/** Prepares a run-time schema (an action's input schema) for many values. */
export function compileSchema(schema: unknown): (value: unknown) => ValidationResult {
  const validator = new Validator(schema as Schema, '7', false);
  return (value) => toResult(validator.validate(value).errors);
}

let actions: ((value: unknown) => ValidationResult) | undefined;

/** Validates a decision task's `public/actions.json` against `action-schema-v1` (draft-06). */
export function validateActionsJson(value: unknown): ValidationResult {
  actions ??= compileSchema(actionSchema);
  return actions(value);
}
