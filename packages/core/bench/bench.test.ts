/**
 * The core benchmark runs as part of the test command (issue: "the benchmark runs in the test
 * command"): a real relay, the test wallet, 1,000 `personal_sign` round trips. This asserts only
 * that it completes and reports well-formed figures — speed is judged from its output, never by
 * a timed assertion.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

test('`pnpm bench` in packages/core prints its table and a JSON line with the round-trip figures', () => {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./index.ts', import.meta.url))],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  )
  expect(result.status, result.stderr).toBe(0)
  const lines = result.stdout.trim().split('\n')
  const figures = JSON.parse(lines.at(-1) ?? '') as Record<string, unknown>
  for (const key of ['roundTripP50Ms', 'roundTripP99Ms', 'pairingMs']) {
    expect(typeof figures[key], key).toBe('number')
    expect(figures[key] as number, key).toBeGreaterThan(0)
  }
  expect(figures.requests).toBe(1000)
  console.log(lines.join('\n'))
}, 150_000)
