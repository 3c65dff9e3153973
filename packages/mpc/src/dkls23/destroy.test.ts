/**
 * An aborted DKLs23 session (`destroy`, which the engine calls on dklsAbort and on any failed
 * step) refuses every later round, so nothing it held can be used after the abort, and a
 * destroyed session never takes part in a signature; the other signer's session is unaffected
 * and a fresh pair of sessions signs.
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import { createSessions, dealKey, dealPairs, presign, route } from './testing/harness.ts'

const { shares } = dealKey(2, 3)
const pairs = dealPairs(3)
const options = { shares, signers: [1, 2], pairs, messageHash: randomBytes(32) }

test('a destroyed session refuses its next round; destroy is idempotent', () => {
  const sessions = createSessions(options)
  const one = sessions.get(1)
  const two = sessions.get(2)
  if (one === undefined || two === undefined) throw new Error('sessions missing')
  const r1 = [...one.round1(), ...two.round1()]
  one.destroy()
  one.destroy()
  expect(() => one.round2(route(r1, 1))).toThrow('dkls23: session failed, start a new one')
  // The peer's session goes on to round 2 alone; the pair can still sign in new sessions.
  expect(two.round2(route(r1, 2))).toHaveLength(1)
  expect(presign(options).size).toBe(2)
})
