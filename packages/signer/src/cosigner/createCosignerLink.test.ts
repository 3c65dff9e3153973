/**
 * The engine against a REAL co-signer (in-process `startCosigner` on PGlite in a temp dir, the
 * local OIDC issuer double) through the real link: OIDC login, onboarding DKG with progress,
 * the EVM address of the new key, then personal_sign and an EIP-1559 transaction that viem
 * recovers to that address; what the channel does not serve is refused with its exact error.
 */
import type { RunningCosigner } from '@tessera/cosigner'
import { WebSocket } from '@tessera/cosigner/testing'
import { generateEncryptionKey } from '@tessera/mpc'
import { createMpcEngine } from '@tessera/mpc/worker'
import {
  hashMessage,
  hexToBytes,
  keccak256,
  parseEther,
  recoverMessageAddress,
  recoverTransactionAddress,
  serializeSignature,
  serializeTransaction,
  type TransactionSerializableEIP1559,
  verifyMessage,
} from 'viem'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { evmAddress } from '../accounts/evmAddress.ts'
import { type OnboardingProgress, runDkg } from '../engine/runDkg.ts'
import { signDigest } from '../engine/signDigest.ts'
import type { SignerContext } from '../engine/types.ts'
import { CosignerLinkError } from '../errors.ts'
import type { CosignerLink } from './cosignerLink.ts'
import { createCosignerLink } from './createCosignerLink.ts'
import { type RealCosigner, startRealCosigner } from './test/realCosigner.ts'

let real: RealCosigner
let cosigner: RunningCosigner
let link: CosignerLink

beforeAll(async () => {
  real = await startRealCosigner()
  ;({ cosigner, link } = real)
}, 60_000)

afterAll(() => real?.close())

const idToken = (sub: string) => real.idToken(sub)

test('OIDC login → DKG with progress → personal_sign and an EIP-1559 transaction viem recovers', async () => {
  const session = await link.login({ kind: 'oidc', idToken: await idToken('u-signer') })
  expect(session.subject).toBe(`oidc:${real.issuer}:u-signer`)
  expect(session.expiresAt).toBeGreaterThan(Date.now())
  const ctx: SignerContext = { engine: createMpcEngine(), link, session: () => session }

  const progress: OnboardingProgress[] = []
  const key = await runDkg(ctx, {
    curve: 'secp256k1',
    keyId: 'wallet-secp256k1',
    backupKey: generateEncryptionKey().publicKey,
    onProgress: (p) => progress.push(p),
  })
  expect(progress.map((p) => `${p.phase} ${p.percent}`)).toEqual([
    'connect 0',
    'nonce 20',
    'commit 40',
    'reveal 60',
    'confirm 80',
    'done 100',
  ])
  const address = evmAddress(key.public.publicKey)
  const publicKey = key.public.publicKey

  const message = 'signed by the engine through the real co-signer'
  const digest = hexToBytes(hashMessage(message))
  const personal = serializeSignature(
    await signDigest(ctx, key, {
      path: 'm',
      publicKey,
      digest,
      context: { kind: 'personal_sign', chain: 'evm', message },
    }),
  )
  expect(await verifyMessage({ address, message, signature: personal })).toBe(true)
  expect(await recoverMessageAddress({ message, signature: personal })).toBe(address)

  const tx: TransactionSerializableEIP1559 = {
    type: 'eip1559',
    chainId: 1,
    nonce: 7,
    to: '0x000000000000000000000000000000000000dEaD',
    value: parseEther('0.01'),
    gas: 21_000n,
    maxFeePerGas: 30_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
  }
  const unsigned = serializeTransaction(tx)
  const signature = await signDigest(ctx, key, {
    path: 'm',
    publicKey,
    digest: hexToBytes(keccak256(unsigned)),
    context: { kind: 'transaction', chain: 'evm', serialized: unsigned },
  })
  const signed = serializeTransaction(tx, signature)
  expect(await recoverTransactionAddress({ serializedTransaction: signed })).toBe(address)

  // A malformed or hardened path is refused by the link before any connection.
  for (const [path, why] of [
    ["m/0'/3", `the hardened step "0'" in "m/0'/3"`],
    ['m/2147483648', 'the step "2147483648" in "m/2147483648"'],
  ] as const) {
    await expect(
      link.sign.open(session, {
        keyId: key.public.keyId,
        epoch: key.public.epoch,
        path,
        messageHash: digest,
        nonce: new Uint8Array(32),
        context: { kind: 'personal_sign', chain: 'evm', message },
      }),
    ).rejects.toMatchObject({
      name: 'CosignerLinkError',
      code: 'Malformed',
      shortMessage: `"path" expected a non-hardened path "m/n/…" (each n < 2^31, no leading zeros, at most 8 steps), got ${why}`,
    })
  }
}, 60_000)

test('a refused login, an aborted or unknown run and an expired session are CosignerLinkErrors', async () => {
  const forged = `${(await idToken('u-forged')).slice(0, -4)}AAAA`
  const login = link.login({ kind: 'oidc', idToken: forged })
  await expect(login).rejects.toBeInstanceOf(CosignerLinkError)
  await expect(login).rejects.toMatchObject({ code: 'LoginFailed', status: 401 })

  const session = await link.login({ kind: 'oidc', idToken: await idToken('u-abort') })
  const request = {
    curve: 'secp256k1',
    keyId: 'aborted',
    t: 2,
    n: 3,
    offline: [{ index: 3, encryptionKey: generateEncryptionKey().publicKey }],
    channelKey: new Uint8Array(32),
  } as const
  const { run, channelKey } = await link.dkg.open(session, request)
  expect(channelKey).toBeUndefined()
  link.dkg.abort(run)
  await expect(link.dkg.step(session, run, [])).rejects.toMatchObject({
    code: 'UnknownRun',
    shortMessage: `no open dkg run "${run}"`,
  })
  await expect(
    link.sign.finish(session, 'no-such-run', { round1: [], round2: [] }),
  ).rejects.toMatchObject({
    code: 'UnknownRun',
    shortMessage: 'no open sign run "no-such-run"',
  })
  await expect(
    link.dkg.open(session, { ...request, keyId: 'wallet/secp256k1' }),
  ).rejects.toMatchObject({
    code: 'Unsupported',
    shortMessage: 'the co-signer\'s key ids are 1–64 of A–Z a–z 0–9 _ . -, not "wallet/secp256k1"',
  })
  await expect(
    link.dkg.open({ ...session, expiresAt: Date.now() - 1 }, request),
  ).rejects.toMatchObject({
    code: 'Unauthorized',
    shortMessage: 'the co-signer session expired: log in again',
  })
})

test('a co-signer that does not hold the pinned Noise key is refused at the handshake', async () => {
  expect(() =>
    createCosignerLink({ url: cosigner.url, noiseStaticKey: 'AAAA', dappId: 'demo' }),
  ).toThrow(new TypeError('"noiseStaticKey" expected 32 bytes (or their base64url)'))
  const impostor = createCosignerLink({
    url: cosigner.url,
    noiseStaticKey: new Uint8Array(32).fill(9),
    dappId: 'demo',
    WebSocket: WebSocket as never,
  })
  const session = await impostor.login({ kind: 'oidc', idToken: await idToken('u-pinned') })
  const opened = impostor.dkg.open(session, {
    curve: 'secp256k1',
    keyId: 'pinned',
    t: 2,
    n: 3,
    offline: [{ index: 3, encryptionKey: generateEncryptionKey().publicKey }],
    channelKey: new Uint8Array(32),
  })
  await expect(opened).rejects.toBeInstanceOf(CosignerLinkError)
  await expect(opened).rejects.toMatchObject({ code: 'HandshakeFailed', retryable: false })
})

test('two ID tokens for one subject made in the same second are two logins, not a replay', async () => {
  // The clock held for the minting only: both tokens carry the same `iat` whatever the load.
  const now = Date.now()
  const clock = vi.spyOn(Date, 'now').mockReturnValue(now)
  const tokens = await Promise.all([idToken('u-twice'), idToken('u-twice')])
  clock.mockRestore()
  const claims = tokens.map((t) =>
    JSON.parse(Buffer.from(t.split('.')[1] ?? '', 'base64url').toString()),
  )
  expect(claims[0].iat).toBe(claims[1].iat)
  const [first, second] = await Promise.all(
    tokens.map((idToken) => link.login({ kind: 'oidc', idToken })),
  )
  expect(first?.token).not.toBe(second?.token)
  // The same token again is still a replay.
  await expect(link.login({ kind: 'oidc', idToken: tokens[0] as string })).rejects.toMatchObject({
    code: 'LoginFailed',
    status: 401,
  })
})

test('runs share one connection per session token: reused, re-opened after a drop, an idle close and a new login', async () => {
  const sockets: WebSocket[] = []
  const closes: Promise<unknown>[] = []
  class CountingSocket extends WebSocket {
    constructor(url: string) {
      super(url)
      sockets.push(this)
      closes.push(new Promise((resolve) => this.once('close', resolve)))
    }
  }
  const timers = new Set<{ run: () => void; ms: number }>()
  const pooled = createCosignerLink({
    url: cosigner.url,
    mpcUrl: cosigner.mpcUrl,
    noiseStaticKey: cosigner.noiseStaticKey,
    dappId: 'demo',
    WebSocket: CountingSocket as never,
    idleCloseMs: 5_000,
    timer: (run, ms) => {
      const timer = { run, ms }
      timers.add(timer)
      return () => timers.delete(timer)
    },
  })
  const fire = () => {
    const due = [...timers]
    timers.clear()
    for (const timer of due) timer.run()
    return due.map((t) => t.ms)
  }
  let session = await pooled.login({ kind: 'oidc', idToken: await idToken('u-pool') })
  const ctx: SignerContext = { engine: createMpcEngine(), link: pooled, session: () => session }
  const key = await runDkg(ctx, {
    curve: 'secp256k1',
    keyId: 'pooled',
    backupKey: generateEncryptionKey().publicKey,
  })
  const address = evmAddress(key.public.publicKey)
  const sign = async (message: string) => {
    const signature = serializeSignature(
      await signDigest(ctx, key, {
        path: 'm',
        publicKey: key.public.publicKey,
        digest: hexToBytes(hashMessage(message)),
        context: { kind: 'personal_sign', chain: 'evm', message },
      }),
    )
    expect(await recoverMessageAddress({ message, signature })).toBe(address)
  }
  // The DKG (with its OT set-up) and two signatures, one after the other and two at once: one connection.
  await sign('first')
  await sign('second')
  await Promise.all([sign('third'), sign('fourth')])
  expect(sockets).toHaveLength(1)
  expect(sockets[0]?.readyState).toBe(WebSocket.OPEN)

  // The co-signer drops the connection (it cannot open what it got): the next run reconnects.
  sockets[0]?.send(new Uint8Array(40).fill(1))
  await closes[0]
  await sign('after the drop')
  expect(sockets).toHaveLength(2)

  // Idle: the unused connection closes when its timer fires; the next run opens another.
  expect(fire()).toEqual([5_000])
  await closes[1]
  await sign('after the idle close')
  expect(sockets).toHaveLength(3)

  // A new login (new token): the next run opens a new connection and the old one is closed.
  session = await pooled.login({ kind: 'oidc', idToken: await idToken('u-pool') })
  await sign('after the new login')
  expect(sockets).toHaveLength(4)
  await closes[2]

  // An aborted run retires its connection: with no other run on it, it closes at once.
  const { run } = await pooled.presign.open(session, {
    keyId: key.public.keyId,
    epoch: key.public.epoch,
    path: 'm',
    nonce: new Uint8Array(32).fill(3),
  })
  pooled.presign.abort(run)
  await closes[3]
  await sign('after the abort')
  expect(sockets).toHaveLength(5)
  pooled.close()
  await closes[4]
}, 120_000)
