/**
 * TON with the threshold Ed25519 key, checked by @ton/core, @ton/crypto and @ton/ton: the wallet
 * v4r2 address (and its code and StateInit) equals WalletContractV4's for the account key; signed
 * transfers parse as external messages to that wallet, carry a signature that verifies over the
 * signing message's hash, and hold the internal messages asked for (TON with a comment, a jetton
 * transfer); jetton payloads built by @ton/core decode for approval. Bad requests are refused
 * before the co-signer is asked.
 */

import { base64 } from '@scure/base'
import {
  type Address,
  Cell,
  loadMessage,
  loadMessageRelaxed,
  type Slice,
  storeStateInit,
  beginCell as tonCell,
} from '@ton/core'
import { signVerify } from '@ton/crypto'
import { WalletContractV4 } from '@ton/ton'
import { beforeAll, describe, expect, test } from 'vitest'
import type { InProcessCosignerParty } from '../../cosigner/test/inProcessCosignerParty.ts'
import type { WalletKeyHandles } from '../../engine/createWallet.ts'
import type { SignerContext } from '../../engine/types.ts'
import type { WalletSigner } from '../../engine/walletSigner.ts'
import { walletFixture } from '../../test/walletFixture.ts'
import { ChainError } from '../chainError.ts'
import { parseBoc, serializeBoc } from './boc.ts'
import { type SignTonTransferRequest, signTonTransfer } from './signTonTransfer.ts'
import { decodeTonBody, JETTON_TRANSFER_OP } from './tonBody.ts'
import {
  formatTonAddress,
  parseTonAddress,
  tonWalletAddress,
  walletV4Code,
  walletV4StateInit,
} from './tonWallet.ts'

let cosigner: InProcessCosignerParty
let ctx: SignerContext
let keys: WalletKeyHandles
let wallet: WalletSigner

beforeAll(async () => {
  ;({ cosigner, ctx, keys, wallet } = await walletFixture())
})

const publicKey = (index: number) => wallet.account(index).ed25519?.publicKey as Uint8Array
const contract = (index: number) =>
  WalletContractV4.create({ workchain: 0, publicKey: Buffer.from(publicKey(index)) })
const recipient = WalletContractV4.create({ workchain: 0, publicKey: Buffer.alloc(32, 7) }).address
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('wallet v4r2 address', () => {
  test.each([0, 5])('account %i matches @ton/ton WalletContractV4', (index) => {
    const theirs = contract(index)
    expect(hex(walletV4Code().hash)).toBe(theirs.init.code.hash().toString('hex'))
    const stateInit = tonCell().store(storeStateInit(theirs.init)).endCell()
    expect(hex(walletV4StateInit(publicKey(index)).hash)).toBe(stateInit.hash().toString('hex'))
    const ours = tonWalletAddress(publicKey(index))
    expect(`0:${hex(ours.hash)}`).toBe(theirs.address.toRawString())
    for (const options of [
      { bounceable: false },
      { bounceable: true },
      { bounceable: false, testOnly: true },
    ]) {
      expect(formatTonAddress(ours, options)).toBe(theirs.address.toString(options))
    }
    const parsed = parseTonAddress(theirs.address.toString({ bounceable: true }))
    expect(hex(parsed.hash)).toBe(hex(ours.hash))
    expect(parsed.bounceable).toBe(true)
    // One codec with @tessera/clear-signing: its precise reason, in the signer's error family.
    const friendly = theirs.address.toString({ bounceable: true })
    const last = friendly.at(-1) === 'A' ? 'B' : 'A'
    expect(() => parseTonAddress(`${friendly.slice(0, -1)}${last}`)).toThrow(
      expect.objectContaining({
        code: 'InvalidTonMessage',
        shortMessage: expect.stringContaining('wrong checksum'),
      }),
    )
    expect(() => parseTonAddress('0:abc')).toThrow(
      expect.objectContaining({
        code: 'InvalidTonMessage',
        shortMessage:
          '"0:abc" is not a TON address: Invalid params: address must be a TON address.',
      }),
    )
  })

  test('our bag of cells reads back in @ton/core with the same hash, and theirs in ours', () => {
    const code = walletV4Code()
    expect(
      Cell.fromBoc(Buffer.from(serializeBoc(code)))[0]
        ?.hash()
        .toString('hex'),
    ).toBe(hex(code.hash))
    const theirs = contract(0).init.code.toBoc({ idx: true, crc32: true })
    expect(hex(parseBoc(theirs).hash)).toBe(hex(code.hash))
  })
})

/** The external message parsed by @ton/core, its signature checked with @ton/crypto. */
function openTransfer(boc: string, index: number) {
  const cell = Cell.fromBoc(Buffer.from(base64.decode(boc)))[0] as Cell
  const message = loadMessage(cell.beginParse())
  expect(message.info.type).toBe('external-in')
  expect((message.info.dest as Address).equals(contract(index).address)).toBe(true)
  const body: Slice = message.body.beginParse()
  const signature = body.loadBuffer(64)
  const signing = tonCell().storeSlice(body).endCell()
  expect(signVerify(signing.hash(), signature, Buffer.from(publicKey(index)))).toBe(true)
  const s = signing.beginParse()
  const header = {
    subwallet: s.loadUint(32),
    validUntil: s.loadUint(32),
    seqno: s.loadUint(32),
    op: s.loadUint(8),
  }
  const messages = []
  while (s.remainingRefs > 0) {
    const mode = s.loadUint(8)
    messages.push({ mode, message: loadMessageRelaxed(s.loadRef().beginParse()) })
  }
  return { message, header, messages, hash: cell.hash().toString('hex') }
}

describe('transfers', () => {
  test('TON with a comment, first transfer (seqno 0, StateInit attached)', async () => {
    const comment = `hello tessera ${'✓'.repeat(60)}` // longer than one cell
    const signed = await signTonTransfer(ctx, keys.ed25519, {
      index: 0,
      chainId: 'ton:-239',
      seqno: 0,
      validUntil: 1_900_000_000,
      messages: [
        { to: recipient.toString({ bounceable: false }), amount: 1_500_000_000n, comment },
      ],
    })
    expect(cosigner.contexts.at(-1)).toMatchObject({ kind: 'transaction', chain: 'ton' })
    const { message, header, messages, hash } = openTransfer(signed.boc, 0)
    expect(hash).toBe(signed.hash)
    expect(signed.from).toBe(contract(0).address.toString({ bounceable: false }))
    expect(message.init?.code?.hash().equals(contract(0).init.code.hash())).toBe(true)
    expect(header).toEqual({ subwallet: 698983191, validUntil: 1_900_000_000, seqno: 0, op: 0 })
    expect(messages).toHaveLength(1)
    const [{ mode, message: inner }] = messages as [(typeof messages)[number]]
    expect(mode).toBe(3)
    expect(inner.info.type).toBe('internal')
    if (inner.info.type !== 'internal') return
    expect(inner.info.dest.equals(recipient)).toBe(true)
    expect(inner.info.bounce).toBe(false)
    expect(inner.info.value.coins).toBe(1_500_000_000n)
    const b = inner.body.beginParse()
    expect(b.loadUint(32)).toBe(0)
    expect(b.loadStringTail()).toBe(comment)
  })

  test('a jetton transfer (seqno 4, no StateInit) decodes in @ton/core', async () => {
    const jettonWallet = WalletContractV4.create({
      workchain: 0,
      publicKey: Buffer.alloc(32, 9),
    }).address
    const signed = await signTonTransfer(ctx, keys.ed25519, {
      index: 5,
      chainId: 'ton:-3',
      seqno: 4,
      validUntil: 1_900_000_000,
      messages: [
        {
          to: jettonWallet.toString({ bounceable: true }),
          amount: 50_000_000n,
          jetton: {
            amount: 12_345_000n,
            destination: recipient.toRawString(),
            forwardTonAmount: 1n,
            comment: 'invoice 7',
          },
        },
      ],
    })
    const { message, header, messages } = openTransfer(signed.boc, 5)
    expect(message.init).toBeFalsy()
    expect(header.seqno).toBe(4)
    const inner = messages[0]?.message
    if (inner?.info.type !== 'internal') return expect.fail('not internal')
    expect(inner.info.bounce).toBe(true)
    const b = inner.body.beginParse()
    expect(b.loadUint(32)).toBe(JETTON_TRANSFER_OP)
    expect(b.loadUintBig(64)).toBe(0n)
    expect(b.loadCoins()).toBe(12_345_000n)
    expect(b.loadAddress().equals(recipient)).toBe(true)
    expect(b.loadAddress().equals(contract(5).address)).toBe(true)
    expect(b.loadMaybeRef()).toBeNull()
    expect(b.loadCoins()).toBe(1n)
    const payload = b.loadMaybeRef()?.beginParse()
    expect(payload?.loadUint(32)).toBe(0)
    expect(payload?.loadStringTail()).toBe('invoice 7')
  })

  test('a dapp payload built by @ton/core is decoded for approval and signed as given', async () => {
    const payload = tonCell()
      .storeUint(JETTON_TRANSFER_OP, 32)
      .storeUint(77, 64)
      .storeCoins(5n)
      .storeAddress(recipient)
      .storeAddress(contract(0).address)
      .storeMaybeRef(null)
      .storeCoins(0n)
      .storeMaybeRef(tonCell().storeUint(0, 32).storeStringTail('gm').endCell())
      .endCell()
    const decoded = decodeTonBody(parseBoc(payload.toBoc()))
    expect(decoded).toEqual({
      kind: 'jetton-transfer',
      queryId: 77n,
      amount: 5n,
      destination: recipient.toString({ bounceable: true }),
      responseDestination: contract(0).address.toString({ bounceable: true }),
      forwardTonAmount: 0n,
      comment: 'gm',
    })
    expect(decodeTonBody(parseBoc(tonCell().storeUint(0xdeadbeef, 32).endCell().toBoc()))).toEqual({
      kind: 'unknown',
      op: 0xdeadbeef,
    })
    const signed = await signTonTransfer(ctx, keys.ed25519, {
      index: 0,
      chainId: 'ton:-239',
      seqno: 1,
      validUntil: 1_900_000_000,
      messages: [
        { to: recipient.toString(), amount: 1n, payload: payload.toBoc().toString('base64') },
      ],
    })
    const inner = openTransfer(signed.boc, 0).messages[0]?.message
    expect(inner?.body.hash().equals(payload.hash())).toBe(true)
  })
})

describe('bad requests never reach the co-signer', () => {
  const base: SignTonTransferRequest = {
    index: 0,
    chainId: 'ton:-239',
    seqno: 1,
    validUntil: 1_900_000_000,
    messages: [{ to: recipient.toString(), amount: 1n }],
  }
  const one = (m: Partial<SignTonTransferRequest['messages'][number]>) => ({
    ...base,
    messages: [{ ...base.messages[0], ...m } as never],
  })
  test.each([
    ['bad address', one({ to: 'EQnotanaddress' }), 'InvalidTonMessage'],
    ['bad checksum', one({ to: `${recipient.toString().slice(0, -2)}AA` }), 'InvalidTonMessage'],
    ['five messages', { ...base, messages: Array(5).fill(base.messages[0]) }, 'InvalidTonMessage'],
    ['no messages', { ...base, messages: [] }, 'InvalidTonMessage'],
    ['negative amount', one({ amount: -1n }), 'InvalidTonMessage'],
    ['comment and payload', one({ comment: 'x', payload: 'te6c' }), 'InvalidTonMessage'],
    [
      'payload not a bag of cells',
      one({ payload: base64.encode(Uint8Array.of(1, 2, 3)) }),
      'InvalidTonMessage',
    ],
    ['comment too long', one({ comment: 'x'.repeat(1001) }), 'InvalidTonMessage'],
    [
      'oversized payload (a bag of 2,000 cells)',
      one({
        payload: base64.encode(
          Uint8Array.of(0xb5, 0xee, 0x9c, 0x72, 0x02, 0x01, 0x07, 0xd0, 0, 1, 0, 0, 0, 0, 0),
        ),
      }),
      'InvalidTonMessage',
    ],
    ['seqno not uint32', { ...base, seqno: -1 }, 'InvalidTonMessage'],
    ['not a TON chain', { ...base, chainId: 'eip155:1' }, 'UnknownChain'],
  ] as [string, SignTonTransferRequest, string][])('%s', async (_, request, code) => {
    const before = cosigner.contexts.length
    const error = await signTonTransfer(ctx, keys.ed25519, request).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainError)
    expect((error as ChainError).code).toBe(code)
    expect(cosigner.contexts.length).toBe(before)
  })
})
