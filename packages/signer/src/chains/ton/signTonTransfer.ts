/**
 * Signs a transfer from the account's TON wallet (v4r2, tonWallet.ts): up to four internal
 * messages (destination, amount in nanotons, and a comment, a jetton transfer or a dapp's payload
 * as a bag of cells) in one signing message (subwallet id, valid-until, seqno, op 0), signed by
 * the Ed25519 threshold key through FROST (signEd25519.ts) over the message's cell hash, verified
 * under the account key, and wrapped in the external message (with the StateInit while seqno is
 * 0) that the dapp or the app broadcasts. Input is validated before anything is signed
 * (ChainError `InvalidTonMessage`, `UnknownChain`).
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { base64 } from '@scure/base'
import { deriveEd25519 } from '@tessera/mpc'
import { accountPath } from '../../accounts/accountPath.ts'
import { signEd25519 } from '../../engine/signEd25519.ts'
import type { SignerContext, WalletKey } from '../../engine/types.ts'
import { ChainError } from '../chainError.ts'
import { builtinChain } from '../registry.ts'
import { parseBoc, serializeBoc } from './boc.ts'
import { beginCell, type Cell } from './cell.ts'
import { commentBody, jettonTransferBody } from './tonBody.ts'
import {
  DEFAULT_SUBWALLET_ID,
  formatTonAddress,
  parseTonAddress,
  tonWalletAddress,
  walletV4StateInit,
} from './tonWallet.ts'

export type TonMessage = {
  /** Recipient (for a jetton transfer: the account's own jetton wallet). */
  readonly to: string
  /** Nanotons attached. */
  readonly amount: bigint
  readonly comment?: string
  /** A body the dapp built, as a base64 bag of cells (TON Connect's `payload`). */
  readonly payload?: string
  /** TEP-74 jetton transfer sent through `to` (the account's jetton wallet). */
  readonly jetton?: {
    readonly amount: bigint
    readonly destination: string
    readonly forwardTonAmount?: bigint
    readonly comment?: string
  }
  /** Default: the address's own flag. */
  readonly bounce?: boolean
}

export type SignTonTransferRequest = {
  readonly index: number
  readonly chainId: string
  readonly seqno: number
  /** Unix seconds after which the wallet refuses the message. */
  readonly validUntil: number
  readonly messages: readonly TonMessage[]
}

export type SignedTonTransfer = {
  /** The external message, base64 bag of cells, ready for `sendBoc`. */
  readonly boc: string
  /** Hash of the external message cell (hex). */
  readonly hash: string
  readonly from: string
}

const bad = (what: string) => new ChainError('InvalidTonMessage', what)
const SEND_MODE = 3 // pay fees separately, ignore errors

function u32(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > 0xffffffff)
    throw bad(`${what} expected a uint32`)
  return value
}

function coins(value: bigint, what: string): bigint {
  if (typeof value !== 'bigint' || value < 0n || value >= 1n << 120n)
    throw bad(`${what} expected nanotons in [0, 2^120)`)
  return value
}

/** The body a message carries (comment, dapp payload or jetton transfer), validated; exported for describeTonTransfer. */
export function tonMessageBody(
  message: TonMessage,
  i: number,
  self: ReturnType<typeof tonWalletAddress>,
): Cell | undefined {
  const given = [message.comment, message.payload, message.jetton].filter((x) => x !== undefined)
  if (given.length > 1) throw bad(`message ${i}: comment, payload and jetton are exclusive`)
  if (message.comment !== undefined) return commentBody(message.comment)
  if (message.payload !== undefined) {
    let bytes: Uint8Array
    try {
      bytes = base64.decode(message.payload)
    } catch {
      throw bad(`message ${i}: payload is not base64`)
    }
    return parseBoc(bytes)
  }
  if (message.jetton !== undefined) {
    return jettonTransferBody({
      amount: coins(message.jetton.amount, `message ${i} jetton amount`),
      destination: parseTonAddress(message.jetton.destination),
      responseDestination: self,
      forwardTonAmount: coins(message.jetton.forwardTonAmount ?? 0n, `message ${i} forward amount`),
      ...(message.jetton.comment === undefined ? {} : { comment: message.jetton.comment }),
    })
  }
  return undefined
}

function internalMessage(
  message: TonMessage,
  i: number,
  self: ReturnType<typeof tonWalletAddress>,
): Cell {
  const to = parseTonAddress(message.to)
  const b = beginCell()
    .bit(false) // int_msg_info
    .bit(true) // ihr_disabled
    .bit(message.bounce ?? to.bounceable)
    .bit(false) // bounced
    .address(undefined)
    .address(to)
    .coins(coins(message.amount, `message ${i} amount`))
    .bit(false) // no extra currencies
    .coins(0n)
    .coins(0n)
    .uint(0, 64)
    .uint(0, 32)
    .bit(false) // no StateInit
  const content = tonMessageBody(message, i, self)
  return (content === undefined ? b.bit(false) : b.bit(true).ref(content)).end()
}

export async function signTonTransfer(
  ctx: SignerContext,
  key: WalletKey,
  request: SignTonTransferRequest,
): Promise<SignedTonTransfer> {
  const chain = builtinChain(request.chainId)
  if (chain?.family !== 'ton')
    throw new ChainError('UnknownChain', `${request.chainId} is not a TON chain`)
  if (key.public.curve !== 'ed25519') throw new TypeError('"key" expected an Ed25519 key')
  const seqno = u32(request.seqno, 'seqno')
  const validUntil = u32(request.validUntil, 'validUntil')
  if (
    !Array.isArray(request.messages) ||
    request.messages.length < 1 ||
    request.messages.length > 4
  ) {
    throw bad('a wallet v4 transfer holds 1 to 4 messages')
  }
  const path = accountPath(request.index)
  const { publicKey } = deriveEd25519(key.public, path)
  const self = tonWalletAddress(publicKey)
  const signing = beginCell()
    .uint(DEFAULT_SUBWALLET_ID, 32)
    .uint(validUntil, 32)
    .uint(seqno, 32)
    .uint(0, 8)
  request.messages.forEach((m, i) => {
    signing.uint(SEND_MODE, 8).ref(internalMessage(m, i, self))
  })
  const toSign = signing.end()

  const signature = await signEd25519(ctx, key, {
    path,
    publicKey,
    message: toSign.hash,
    context: {
      kind: 'transaction',
      chain: 'ton',
      serialized: `0x${bytesToHex(serializeBoc(toSign))}`,
    },
  })
  if (!ed25519.verify(signature, toSign.hash, publicKey))
    throw new ChainError('BadSignature', 'the TON signature does not verify')

  const external = beginCell()
    .uint(0b10, 2) // ext_in_msg_info
    .address(undefined)
    .address(self)
    .coins(0n)
  if (seqno === 0) external.bit(true).bit(true).ref(walletV4StateInit(publicKey))
  else external.bit(false)
  const signedBody = beginCell().bytes(signature)
  for (const b of toSign.bits) signedBody.bit(b)
  for (const r of toSign.refs) signedBody.ref(r)
  const root = external.bit(true).ref(signedBody.end()).end()
  return {
    boc: base64.encode(serializeBoc(root)),
    hash: bytesToHex(root.hash),
    from: formatTonAddress(self, { bounceable: false, testOnly: chain.testnet }),
  }
}
