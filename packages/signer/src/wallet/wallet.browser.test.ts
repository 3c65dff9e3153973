/**
 * The wallet in Chromium over the real pieces an app has: the device engine in the signer's Web
 * Worker on its IndexedDB vault, the browser platform's IndexedDB storage, the in-process co-signer
 * party on the page. Login → onboard → sign; then a "reload" (Worker vault locked and unlocked, a
 * new platform adapter and wallet object over the same databases) comes back ready without a
 * login proof and signs again from the sealed records alone.
 */
import { verifyMessage } from 'viem'
import { afterEach, expect, test } from 'vitest'
import { inProcessCosignerParty } from '../cosigner/test/inProcessCosignerParty.ts'
import type { DeviceEngine } from '../engine/types.ts'
import { browserPlatform } from '../platform/browserPlatform.ts'
import { connectSignerWorker } from '../worker/exposeSignerWorker.ts'
import { createSignerWallet } from './createSignerWallet.ts'

const workers: Worker[] = []
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate()
})

test('onboarded in the Worker vault, ready again after a reload without login, and signs', async () => {
  const name = `wallet-${Math.random().toString(36).slice(2)}`
  const worker = new Worker(new URL('../worker/test/signer.worker.ts', import.meta.url), {
    type: 'module',
  })
  workers.push(worker)
  const signerWorker = connectSignerWorker(worker)
  const cosigner = inProcessCosignerParty()
  let proofs = 0
  const platformOf = () =>
    browserPlatform({
      databaseName: `${name}-platform`,
      idToken: async () => {
        proofs++
        return 'h.dora.s'
      },
    })
  const open = async () =>
    createSignerWallet({
      platform: platformOf(),
      engine: (await signerWorker.unlock({ name })) as unknown as DeviceEngine,
      link: cosigner,
      vaultName: name,
    })

  const wallet = await open()
  expect(wallet.state()).toEqual({ status: 'signedOut' })
  await wallet.login({ kind: 'oidc', idToken: 'h.dora.s' })
  const ready = await wallet.onboard()
  if (ready.status !== 'ready') throw new Error('not ready')
  const address = ready.accounts[0]?.secp256k1?.address as `0x${string}`
  const one = await wallet.signer.signMessage(0, 'one')
  expect(await verifyMessage({ address, message: 'one', signature: one })).toBe(true)

  wallet.close()
  await signerWorker.lock()
  const reloaded = await open()
  expect(reloaded.state()).toMatchObject({ status: 'ready', identity: 'oidc:test:dora' })
  const two = await reloaded.signer.signMessage(0, 'two')
  expect(await verifyMessage({ address, message: 'two', signature: two })).toBe(true)
  expect(await reloaded.signer.solana.signMessage(0, new Uint8Array([1, 2, 3]))).toHaveLength(64)
  expect(proofs).toBe(0)
}, 120_000)
