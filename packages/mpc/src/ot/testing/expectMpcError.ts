/**
 * TEST-ONLY assertion: `fn` throws an MpcError of exactly this code, culprit, pair and message
 * (docs/THRESHOLD.md#attacks-the-tests-must-cover: each tamper maps to an exact code and culprit).
 */
import { expect } from 'vitest'
import { MpcError, type MpcErrorCode } from '../../errors.ts'

export type Expected = {
  readonly code: MpcErrorCode
  readonly culprit: number | undefined
  readonly pair?: readonly [number, number]
  readonly message: string | RegExp
}

function check(e: unknown, want: Expected): void {
  expect(e).toBeInstanceOf(MpcError)
  const err = e as MpcError
  expect({ code: err.code, culprit: err.culprit, pair: err.pair }).toEqual({
    code: want.code,
    culprit: want.culprit,
    pair: want.pair,
  })
  if (typeof want.message === 'string') expect(err.message).toBe(want.message)
  else expect(err.message).toMatch(want.message)
}

export function expectMpcError(fn: () => unknown, want: Expected): void {
  let thrown: unknown
  try {
    fn()
  } catch (e) {
    thrown = e
  }
  if (thrown === undefined) throw new Error(`expected MpcError ${want.code}, nothing was thrown`)
  check(thrown, want)
}

export async function expectMpcRejection(promise: Promise<unknown>, want: Expected): Promise<void> {
  let thrown: unknown
  try {
    await promise
  } catch (e) {
    thrown = e
  }
  if (thrown === undefined) throw new Error(`expected MpcError ${want.code}, nothing was thrown`)
  check(thrown, want)
}
