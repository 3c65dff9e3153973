/**
 * `personal_sign` (EVM and Conflux Core, EIP-191 / CIP-23 personal message): readable UTF-8 text
 * shown as text; a Sign-In with Ethereum message parsed and checked; any other bytes shown as hex
 * with a warning and `blind: true`. Params are `[message, address]` as EIP-1193 dapps send them.
 */
import { getAddress, isAddress } from 'viem'
import { type DecodeContext, sortWarnings, t, warning } from '../context.ts'
import { field, text } from '../format/fields.ts'
import { asArray, asString } from '../params.ts'
import type { Description, Warning } from '../types.ts'
import { describeSiwe, isSiweText } from './describeSiwe.ts'
import { readMessage } from './readMessage.ts'

export function describePersonalSign(context: DecodeContext, params: unknown): Description {
  const list = asArray(params, 'personal_sign params')
  const message = readMessage(list[0], 'personal_sign message')
  const signer = list[1] === undefined ? undefined : asString(list[1], 'personal_sign address')
  const prefix = context.chainId.startsWith('cfx:') ? 'cfx.' : ''
  const account =
    signer === undefined
      ? []
      : [
          field(t(context, 'label.account'), {
            kind: 'address',
            address: isAddress(signer, { strict: false }) ? getAddress(signer) : signer,
            chainId: context.chainId,
          }),
        ]
  if (message.kind === 'text') {
    if (prefix === '' && isSiweText(message.text)) {
      const siwe = describeSiwe(context, message.text, signer)
      if (siwe !== undefined) return siwe
    }
    return {
      kind: `${prefix}personal_sign.text`,
      intent: t(context, 'intent.signText'),
      chainId: context.chainId,
      fields: [field(t(context, 'label.message'), text(message.text)), ...account],
      warnings: [],
      blind: false,
    }
  }
  const warnings: Warning[] = [
    message.bytes.length === 32
      ? warning(context, 'HashMessage', 'danger', 'warning.hashMessage')
      : warning(context, 'BinaryMessage', 'caution', 'warning.binaryMessage'),
  ]
  return {
    kind: `${prefix}personal_sign.bytes`,
    intent: t(context, 'intent.signBytes', { count: message.bytes.length }),
    chainId: context.chainId,
    fields: [field(t(context, 'label.data'), { kind: 'hex', hex: message.hex }), ...account],
    warnings: sortWarnings(warnings),
    blind: true,
  }
}
