/**
 * The record `npm test` keeps of its steps (reports/steps.json), so that the CI summary can
 * count a runner that failed outside its tests, or never ran, as a failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const REPORTS = {
  steps: 'reports/steps.json',
  ciSteps: 'reports/ci-steps.jsonl',
  vitest: 'reports/vitest.json',
  playwright: 'reports/playwright.json',
} as const;

/** `running` is left behind only when the runner itself was killed mid-step. */
export type StepStatus = 'passed' | 'failed' | 'not run' | 'running';

export interface StepRecord {
  name: string;
  /** Which report holds this step's tests, if it runs tests. */
  report?: 'vitest' | 'playwright';
  status: StepStatus;
  exitCode?: number;
  ms?: number;
  /** One line on why it failed, when the runner knows more than an exit code. */
  detail?: string;
}

export function writeSteps(steps: StepRecord[], file: string = REPORTS.steps): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ steps }, null, 2)}\n`);
}
