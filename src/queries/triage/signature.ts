/**
 * An error line's signature: the line with what differs between occurrences of the same failure
 * taken out (log prefixes, timestamps, task IDs, temporary paths, hex, numbers), so that equal
 * causes get equal signatures.
 */
import { LOG_PREFIX, stripAnsi } from './error-rules';

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const CLOCK = /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const SLUG = /(?<![\w-])[A-Za-z0-9_-]{22}(?![\w-])/g;
const TEMP = [
  /\/(?:private\/)?var\/folders\/[^\s'"]+?\/T\/[^/\s'"]+/g,
  /\/tmp\/[^/\s'"]+/g,
  /[A-Za-z]:\\Users\\[^\\\s'"]+\\AppData\\Local\\Temp\\[^\\\s'"]+/gi,
  /[A-Za-z]:\\(?:Windows\\)?Temp\\[^\\\s'"]+/gi,
];
const HEX_PREFIXED = /\b0x[0-9a-f]+\b/gi;
const HEX_RUN = /\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi;
const NUMBER = /\d+(?:\.\d+)?/g;

/** A 22-character slugid, told from ordinary words by its mix of cases and digits or dashes. */
function isTaskId(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[\d_-]/.test(s);
}

export function signatureOf(line: string): string {
  let s = stripAnsi(line).replace(LOG_PREFIX, '');
  s = s.replace(ISO_TIME, '');
  s = s.replace(CLOCK, '');
  s = s.replace(UUID, '<uuid>');
  s = s.replace(SLUG, (m) => (isTaskId(m) ? '<taskId>' : m));
  for (const re of TEMP) s = s.replace(re, '<tmp>');
  s = s.replace(HEX_PREFIXED, '<hex>');
  s = s.replace(HEX_RUN, '<hex>');
  s = s.replace(NUMBER, 'N');
  return s.replace(/\s+/g, ' ').trim();
}
