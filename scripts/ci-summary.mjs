// Prints `N passed, N failed` from the Vitest and Playwright JSON reports, as the last line.
import { existsSync, readFileSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);

const vitest = read('reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  console.log(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);
} else console.log('vitest: no report (did not run)');

const pw = read('reports/playwright.json');
if (pw) {
  const ok = pw.stats.expected + pw.stats.flaky;
  const bad = pw.stats.unexpected;
  passed += ok;
  failed += bad;
  console.log(`playwright: ${ok} passed, ${bad} failed`);
} else console.log('playwright: no report (did not run)');

if (status !== 0 && failed === 0) {
  console.log(
    `npm test exited with ${status} before or outside the test runners (typecheck, lint or build)`,
  );
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(status !== 0 || failed > 0 || passed === 0 ? 1 : 0);
