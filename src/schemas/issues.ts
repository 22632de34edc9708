/** The validation result every validator in src/schemas returns. */

/** One problem, located by an RFC 6901 JSON pointer into the validated value (`''` = the root). */
export interface ValidationIssue {
  /** e.g. `/metadata/name`, `/actions/0/kind`; map it to a YAML or JSON line with the source's CST. */
  pointer: string;
  /** What is wrong, in Ajv's words (`must NOT have more than 255 characters`). */
  message: string;
  /** The failing JSON-schema keyword (`maxLength`, `required`, `additionalProperties`, …). */
  keyword: string;
}

export interface ValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
}

export const VALID: ValidationResult = Object.freeze({
  valid: true,
  issues: [],
}) as ValidationResult;

/** RFC 6901 escaping of one reference token. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** One line per issue: `/metadata/name: must NOT have more than 255 characters`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.pointer || '(top level)'}: ${i.message}`).join('\n');
}

export function result(issues: ValidationIssue[]): ValidationResult {
  return issues.length ? { valid: false, issues } : { valid: true, issues: [] };
}
