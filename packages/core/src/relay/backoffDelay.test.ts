import { describe, expect, test } from 'vitest'
import { backoffDelay } from './backoffDelay.ts'

const options = { initialMs: 100, maxMs: 5000 }

describe('backoffDelay', () => {
  test('doubles per attempt between half and all of the cap', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, options, 0))).toEqual([50, 100, 200, 400])
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, options, 1))).toEqual([100, 200, 400, 800])
    expect(backoffDelay(2, options, 0.5)).toBe(300)
  })

  test('never exceeds maxMs, even for huge attempt counts', () => {
    expect(backoffDelay(10, options, 1)).toBe(5000)
    expect(backoffDelay(1e9, options, 1)).toBe(5000)
    expect(backoffDelay(1e9, options, 0)).toBe(2500)
  })
})
