/**
 * `describeTonTransfer(request, publicKey, options)`: the approval description of a TON transfer
 * the signer is asked for. It builds the very message bodies `signTonTransfer` signs (comment,
 * jetton transfer with the account's wallet as response destination, or the dapp's payload), as
 * bags of cells, and describes them with `@tessera/clear-signing`'s `ton_sendTransaction` decoder
 * (docs/CHAINS.md#ton-decoding). Bad input is refused with ChainError (`InvalidTonMessage`,
 * `UnknownChain`) or ClearSigningError before anything is shown; never signs.
 */
import { base64 } from '@scure/base'
import { type Description, describeRequest, type Locale } from '@tessera/clear-signing'
import { ChainError } from '../chainError.ts'
import { builtinChain } from '../registry.ts'
import { serializeBoc } from './boc.ts'
import type { SignTonTransferRequest } from './signTonTransfer.ts'
import { tonMessageBody } from './signTonTransfer.ts'
import { formatTonAddress, parseTonAddress, tonWalletAddress } from './tonWallet.ts'

export function describeTonTransfer(
  request: Omit<SignTonTransferRequest, 'seqno'>,
  /** The account's Ed25519 child public key (its wallet v4 is the sender). */
  publicKey: Uint8Array,
  options: { readonly locale?: Locale; readonly now?: number } = {},
): Description {
  const chain = builtinChain(request?.chainId)
  if (chain?.family !== 'ton')
    throw new ChainError('UnknownChain', `${String(request?.chainId)} is not a TON chain`)
  if (
    !Array.isArray(request.messages) ||
    request.messages.length < 1 ||
    request.messages.length > 4
  )
    throw new ChainError('InvalidTonMessage', 'a wallet v4 transfer holds 1 to 4 messages')
  const self = tonWalletAddress(publicKey)
  const messages = request.messages.map((message, i) => {
    const to = parseTonAddress(message.to)
    const body = tonMessageBody(message, i, self)
    return {
      address: formatTonAddress(to, {
        bounceable: message.bounce ?? to.bounceable,
        testOnly: chain.testnet,
      }),
      amount: String(message.amount),
      ...(body === undefined ? {} : { payload: base64.encode(serializeBoc(body)) }),
    }
  })
  return describeRequest(
    {
      method: 'ton_sendTransaction',
      chainId: request.chainId,
      locale: options.locale ?? 'en',
      params: [
        {
          valid_until: request.validUntil,
          from: formatTonAddress(self, { bounceable: false, testOnly: chain.testnet }),
          messages,
        },
      ],
    },
    options.now === undefined ? {} : { now: options.now },
  )
}
