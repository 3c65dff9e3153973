/**
 * `npm test`: installs what the tests need, then runs every test — lint, types, unit,
 * integration, browser and end-to-end — and ends with one line `N passed, N failed`.
 * `.ci/run` calls exactly this.
 */
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { ensureChromium, ensurePnpm, installDependencies, root, run, step } from './setup.mjs'

ensurePnpm()
installDependencies()
ensureChromium()

const resultsFile = join(root, '.vitest-results.json')
rmSync(resultsFile, { force: true })

/** Every check, in order. A failing check does not stop the ones after it. */
const checks = [
  { title: 'lint and format (biome ci)', command: 'pnpm', args: ['exec', 'biome', 'ci', '.'] },
  { title: 'types (tsc, strict)', command: 'pnpm', args: ['exec', 'tsc', '-p', 'tsconfig.json'] },
  {
    title: 'tests: node, browser and end-to-end (vitest)',
    command: 'pnpm',
    args: [
      'exec',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${resultsFile}`,
    ],
  },
]

const failedChecks = []
for (const check of checks) {
  step(check.title)
  const started = performance.now()
  const status = run(check.command, check.args)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`${status === 0 ? '✔' : '✘'} ${check.title} (${seconds} s)`)
  if (status !== 0) failedChecks.push(check.title)
}

let passed = 0
let failed = 0
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'))
  passed = results.numPassedTests
  failed = results.numFailedTests + results.numPendingTests + results.numTodoTests
  if (results.numTotalTests === 0) failedChecks.push('no test ran')
} catch {
  failedChecks.push('no test results were written')
}
failed += failedChecks.length

console.log('')
for (const title of failedChecks) console.log(`failed: ${title}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
