/** Test helper: asserts that `fn` throws a NoiseError with this exact code and message. */
import { expect } from 'vitest'
import { NoiseError, type NoiseErrorCode } from '../errors.ts'

function noiseError(code: NoiseErrorCode, message: string | RegExp) {
  const text = typeof message === 'string' ? message : expect.stringMatching(message)
  return expect.objectContaining({ name: 'NoiseError', code, message: text })
}

export function expectNoise(
  fn: () => unknown,
  code: NoiseErrorCode,
  message: string | RegExp,
): void {
  let thrown: unknown
  try {
    fn()
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(NoiseError)
  expect(thrown).toEqual(noiseError(code, message))
}
