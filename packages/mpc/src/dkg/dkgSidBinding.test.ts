/**
 * The sid binds every DKG parameter the parties must agree on, the pairwise OT setup flag
 * included: two parties that disagree on it derive different sids, and the first message formed
 * under the other sid is refused as another session's, before any payload is read.
 */
import { describe, expect, test } from 'vitest'
import { expectMpcError } from '../ot/testing/expectMpcError.ts'
import { dkgCommit } from './dkgCommit.ts'
import { dkgReveal } from './dkgReveal.ts'
import { dkgStart } from './dkgStart.ts'
import type { DkgMessage } from './types.ts'

const start = (index: number, pairSetup: boolean) =>
  dkgStart({
    curve: 'secp256k1',
    keyId: 'sid-binding',
    t: 2,
    n: 2,
    index,
    online: [1, 2],
    offline: [],
    pairSetup,
  })

describe('DKG sid binding', () => {
  test('parties that disagree on pairSetup derive different sids; the other sid is refused', () => {
    const a = start(1, true)
    const b = start(2, false)
    const toB = a.messages.filter((m) => m.to === 2)
    const toA = b.messages.filter((m) => m.to === 1)
    const fromA = dkgCommit(a.state, toA).messages as DkgMessage[]
    const fromB = dkgCommit(b.state, toB).messages as DkgMessage[]
    expect(fromA[0]?.sid).not.toEqual(fromB[0]?.sid)
    expectMpcError(() => dkgReveal(b.state, fromA), {
      kind: 'Abort',
      culprit: 1,
      message: 'message from 1 carries another sid',
    })
  })
})
