/**
 * The wallet's warm presignature pool (presignaturePool.ts) over an in-process device engine and
 * the co-signer party double, counting what goes over the link: after warm-up a signature takes a
 * ready presignature (one round trip, no online run) and the pool refills to the size recent use
 * asks for; a signing never waits for a fill in flight (that fill is aborted, the request runs
 * the full protocol); invalidate forgets the ready ones; close aborts the refill for good.
 */
import { createMpcEngine } from '@tessera/mpc/worker'
import { recoverMessageAddress } from 'viem'
import { beforeAll, expect, test } from 'vitest'
import type { CosignerLink } from '../cosigner/cosignerLink.ts'
import { inProcessCosignerParty } from '../cosigner/test/inProcessCosignerParty.ts'
import { MIN_PASSCODE_KDF } from '../vault/passcode.ts'
import { createSignerWallet } from './createSignerWallet.ts'
import { memoryPlatform } from './test/memoryPlatform.ts'
import type { SignerWallet } from './types.ts'

const proof = { kind: 'oidc', idToken: 'h.pool.s' } as const

/** The link with counters, and a gate that can hold `presign.open` until the test lets it go. */
function countingLink(inner: CosignerLink) {
  const counts = { presignOpen: 0, presignAbort: 0, presignSign: 0, signOpen: 0 }
  let gate: { opened: () => void; release: Promise<void> } | undefined
  const hold = () => {
    let release = () => {}
    let opened = () => {}
    const entered = new Promise<void>((resolve) => {
      opened = resolve
    })
    gate = { opened: () => opened(), release: new Promise<void>((r) => (release = r)) }
    return { entered, release: () => release() }
  }
  const link: CosignerLink = {
    ...inner,
    sign: {
      ...inner.sign,
      open: (...args) => {
        counts.signOpen += 1
        return inner.sign.open(...args)
      },
    },
    presign: {
      ...inner.presign,
      open: async (...args) => {
        counts.presignOpen += 1
        const held = gate
        gate = undefined
        if (held !== undefined) {
          held.opened()
          await held.release
        }
        return inner.presign.open(...args)
      },
      abort: (run) => {
        counts.presignAbort += 1
        inner.presign.abort(run)
      },
      sign: (...args) => {
        counts.presignSign += 1
        return inner.presign.sign(...args)
      },
    },
  }
  return { link, counts, hold }
}

let wallet: SignerWallet
let link: ReturnType<typeof countingLink>
let address: string

beforeAll(async () => {
  link = countingLink(inProcessCosignerParty())
  wallet = await createSignerWallet({
    platform: memoryPlatform(() => proof),
    engine: createMpcEngine(),
    link: link.link,
    vaultName: 'pool',
    backupKdf: MIN_PASSCODE_KDF,
  })
  await wallet.login(proof)
  const ready = await wallet.onboard()
  if (ready.status !== 'ready') throw new Error('not ready')
  address = ready.accounts[0]?.secp256k1?.address as string
}, 120_000)

async function signs(message: string) {
  const signature = await wallet.signer.signMessage(0, message)
  expect(await recoverMessageAddress({ message, signature })).toBe(address)
}

test('after warm-up a signature consumes a presignature (one round trip) and the pool refills', async () => {
  expect(wallet.presignatures.ready(0)).toBe(0)
  wallet.presignatures.warm(0)
  await wallet.presignatures.settled()
  expect(wallet.presignatures.ready(0)).toBe(1)
  const before = { ...link.counts }

  await signs('from the pool')
  expect(link.counts.presignSign - before.presignSign).toBe(1)
  expect(link.counts.signOpen - before.signOpen).toBe(0)

  // Two uses in the window: the pool refills to two, in the background.
  await wallet.presignatures.settled()
  expect(wallet.presignatures.ready(0)).toBe(2)
  expect(link.counts.presignOpen - before.presignOpen).toBe(2)
}, 120_000)

test('a signing never waits for a fill in flight: the fill is aborted, the request signs', async () => {
  wallet.presignatures.invalidate()
  expect(wallet.presignatures.ready(0)).toBe(0)
  const held = link.hold()
  const before = { ...link.counts }
  wallet.presignatures.warm(0)
  await held.entered
  // The fill is stuck in presign.open; the request runs the full protocol beside it.
  await signs('while a fill is in flight')
  expect(link.counts.signOpen - before.signOpen).toBe(1)
  expect(link.counts.presignSign - before.presignSign).toBe(0)
  held.release()
  await wallet.presignatures.settled()
  // The held fill saw its cancel after open and aborted that co-signer run; the refill resumed.
  expect(link.counts.presignAbort - before.presignAbort).toBe(1)
  expect(wallet.presignatures.ready(0)).toBeGreaterThanOrEqual(1)
}, 120_000)

test('close stops the refill: the fill in flight is aborted and nothing is shelved', async () => {
  wallet.presignatures.invalidate()
  const held = link.hold()
  const before = { ...link.counts }
  wallet.presignatures.warm(0)
  await held.entered
  wallet.close()
  held.release()
  await wallet.presignatures.settled()
  expect(link.counts.presignAbort - before.presignAbort).toBe(1)
  expect(link.counts.presignOpen - before.presignOpen).toBe(1)
  expect(wallet.presignatures.ready(0)).toBe(0)
  // Closed: a warm call does not start a fill either.
  wallet.presignatures.warm(0)
  await wallet.presignatures.settled()
  expect(link.counts.presignOpen - before.presignOpen).toBe(1)
}, 120_000)
