import { ed25519 } from '@noble/curves/ed25519.js'
import { expect, test } from 'vitest'
import type { KeyShare } from '../dkg/keyShare.ts'
import { frostAggregate, frostCommit, frostSignShare } from '../frost/frostSign.ts'
import { memoryNonceStore } from '../frost/nonceStore.ts'
import { runDkg } from '../test/dkgHarness.ts'
import { seededRng } from '../test/rng.ts'
import { deriveEd25519 } from './ed25519Additive.ts'

test('FROST signs under an additively derived Ed25519 key; plain ed25519.verify accepts', async () => {
  const { shares } = runDkg({
    curve: 'ed25519',
    t: 2,
    n: 3,
    online: [1, 2],
    rng: seededRng('ed-derive'),
  })
  const root = shares.get(1) as KeyShare
  const child = deriveEd25519(root, 'm/0/3')
  expect(child.publicKey).not.toEqual(root.publicKey)
  expect(deriveEd25519(root, 'm/0/3')).toEqual(child)
  expect(deriveEd25519(root, 'm/0/4').publicKey).not.toEqual(child.publicKey)
  const store = memoryNonceStore()
  const message = new TextEncoder().encode('derived')
  const commitments = [
    await frostCommit(shares.get(2) as KeyShare, { sessionId: '2', store }),
    await frostCommit(shares.get(3) as KeyShare, { sessionId: '3', store }),
  ]
  const request = { commitments, message, delta: child.delta }
  const sigShares = [
    await frostSignShare(shares.get(2) as KeyShare, { ...request, sessionId: '2', store }),
    await frostSignShare(shares.get(3) as KeyShare, { ...request, sessionId: '3', store }),
  ]
  const sig = frostAggregate(root, request, sigShares)
  expect(ed25519.verify(sig, message, child.publicKey)).toBe(true)
  expect(ed25519.verify(sig, message, root.publicKey)).toBe(false)
})
