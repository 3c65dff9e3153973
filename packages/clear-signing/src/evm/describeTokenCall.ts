/**
 * ERC-20, ERC-721 and ERC-1155 calls: transfers, allowances (with the unlimited-allowance warning)
 * and `setApprovalForAll` (danger when granting). ERC-20 and ERC-721 share selectors for
 * `transferFrom` and `approve`; the token list decides, and an unknown token is shown in raw
 * units with a caution rather than guessed.
 */
import { type AbiFunction, decodeAbiParameters, parseAbiItem, toFunctionSelector } from 'viem'
import { type DecodeContext, t, warning } from '../context.ts'
import {
  addressValue,
  amountValue,
  displayAddress,
  field,
  formatAmount,
  isUnlimited,
  shortAddress,
  text,
} from '../format/fields.ts'
import type { Field, Warning } from '../types.ts'
import type { Call, CallDescription } from './call.ts'

const item = (signature: string) => parseAbiItem(signature) as AbiFunction

const TOKEN_FUNCTIONS = [
  ['transfer', item('function transfer(address to, uint256 amount)')],
  ['transferFrom', item('function transferFrom(address from, address to, uint256 amount)')],
  ['approve', item('function approve(address spender, uint256 amount)')],
  ['increaseAllowance', item('function increaseAllowance(address spender, uint256 amount)')],
  [
    'safeTransferFrom721',
    item('function safeTransferFrom(address from, address to, uint256 tokenId)'),
  ],
  [
    'safeTransferFrom721',
    item('function safeTransferFrom(address from, address to, uint256 tokenId, bytes data)'),
  ],
  [
    'safeTransferFrom1155',
    item(
      'function safeTransferFrom(address from, address to, uint256 id, uint256 amount, bytes data)',
    ),
  ],
  [
    'safeBatchTransferFrom',
    item(
      'function safeBatchTransferFrom(address from, address to, uint256[] ids, uint256[] amounts, bytes data)',
    ),
  ],
  ['setApprovalForAll', item('function setApprovalForAll(address operator, bool approved)')],
] as const

type TokenFunction = (typeof TOKEN_FUNCTIONS)[number][0]

const BY_SELECTOR: ReadonlyMap<string, readonly [TokenFunction, AbiFunction]> = new Map(
  TOKEN_FUNCTIONS.map(([name, abi]) => [toFunctionSelector(abi), [name, abi] as const]),
)

/** The token-standard description of `call`, or undefined when its selector is not one of them. */
export function describeTokenCall(context: DecodeContext, call: Call): CallDescription | undefined {
  const entry = BY_SELECTOR.get(call.data.slice(0, 10).toLowerCase())
  if (entry === undefined || call.to === undefined) return undefined
  const [name, abi] = entry
  let values: readonly unknown[]
  try {
    values = decodeAbiParameters(abi.inputs, `0x${call.data.slice(10)}`)
  } catch {
    return undefined
  }
  const chain = call.chainId
  const contract = call.address(call.to)
  const token = context.token(chain, contract)
  const addr = (value: unknown) => call.address(String(value))
  const show = (value: unknown) => displayAddress(context, chain, addr(value))
  const addressField = (key: Parameters<typeof t>[1], value: unknown): Field =>
    field(t(context, key), addressValue(context, chain, addr(value)))
  const tokenField = field(t(context, 'label.token'), addressValue(context, chain, contract))
  const collection = show(call.to)
  const warnings: Warning[] = []
  const amountOf = (raw: unknown, unlimited: boolean) => {
    const amount = raw as bigint
    if (token !== undefined) {
      return {
        value: amountValue(context, amount, token.decimals, token.symbol, unlimited),
        formatted: formatAmount(amount, token.decimals, token.symbol, {
          unlimited,
          locale: context.locale,
        }),
      }
    }
    const symbol = shortAddress(contract)
    return {
      value: amountValue(context, amount, 0, symbol, unlimited),
      formatted: formatAmount(amount, 0, symbol, { unlimited, locale: context.locale }),
    }
  }
  const unknownToken = () => {
    if (token === undefined) {
      warnings.push(warning(context, 'UnknownToken', 'caution', 'warning.unknownToken'))
    }
  }
  const family = call.family
  switch (name) {
    case 'transfer': {
      const amount = amountOf(values[1], false)
      unknownToken()
      return {
        kind: `${family}.erc20.transfer`,
        intent: t(context, 'intent.send', { amount: amount.formatted, to: show(values[0]) }),
        fields: [
          addressField('label.to', values[0]),
          field(t(context, 'label.amount'), amount.value),
          tokenField,
        ],
        warnings,
        blind: false,
      }
    }
    case 'transferFrom': {
      const amount = amountOf(values[2], false)
      unknownToken()
      return {
        kind: `${family}.erc20.transferFrom`,
        intent: t(context, 'intent.transferFrom', {
          amount: amount.formatted,
          from: show(values[0]),
          to: show(values[1]),
        }),
        fields: [
          addressField('label.from', values[0]),
          addressField('label.to', values[1]),
          field(t(context, 'label.amount'), amount.value),
          tokenField,
        ],
        warnings,
        blind: false,
      }
    }
    case 'approve':
    case 'increaseAllowance': {
      const raw = values[1] as bigint
      const amount = amountOf(raw, true)
      if (isUnlimited(raw)) {
        warnings.push(
          warning(context, 'UnlimitedAllowance', 'danger', 'warning.unlimitedAllowance', {
            spender: show(values[0]),
            symbol: token?.symbol ?? shortAddress(contract),
          }),
        )
      }
      unknownToken()
      return {
        kind: `${family}.erc20.${name}`,
        intent: t(context, name === 'approve' ? 'intent.approve' : 'intent.increaseAllowance', {
          spender: show(values[0]),
          amount: amount.formatted,
        }),
        fields: [
          addressField('label.spender', values[0]),
          field(t(context, 'label.amount'), amount.value),
          tokenField,
        ],
        warnings,
        blind: false,
      }
    }
    case 'safeTransferFrom721':
      return {
        kind: `${family}.erc721.safeTransferFrom`,
        intent: t(context, 'intent.nftTransfer', {
          id: String(values[2]),
          collection,
          to: show(values[1]),
        }),
        fields: [
          addressField('label.from', values[0]),
          addressField('label.to', values[1]),
          field(t(context, 'label.tokenId'), text(String(values[2]))),
          field(t(context, 'label.collection'), addressValue(context, chain, contract)),
        ],
        warnings,
        blind: false,
      }
    case 'safeTransferFrom1155':
      return {
        kind: `${family}.erc1155.safeTransferFrom`,
        intent: t(context, 'intent.multiTransfer', {
          amount: String(values[3]),
          id: String(values[2]),
          collection,
          to: show(values[1]),
        }),
        fields: [
          addressField('label.from', values[0]),
          addressField('label.to', values[1]),
          field(t(context, 'label.tokenId'), text(String(values[2]))),
          field(t(context, 'label.quantity'), text(String(values[3]))),
          field(t(context, 'label.collection'), addressValue(context, chain, contract)),
        ],
        warnings,
        blind: false,
      }
    case 'safeBatchTransferFrom': {
      const ids = values[2] as readonly bigint[]
      const amounts = values[3] as readonly bigint[]
      return {
        kind: `${family}.erc1155.safeBatchTransferFrom`,
        intent: t(context, 'intent.batchTransfer', {
          count: ids.length,
          collection,
          to: show(values[1]),
        }),
        fields: [
          addressField('label.from', values[0]),
          addressField('label.to', values[1]),
          field(t(context, 'label.tokens'), {
            kind: 'tree',
            fields: ids
              .slice(0, 256)
              .map((id, i) => field(`#${id}`, text(String(amounts[i] ?? '?')))),
          }),
          field(t(context, 'label.collection'), addressValue(context, chain, contract)),
        ],
        warnings,
        blind: false,
      }
    }
    case 'setApprovalForAll': {
      const approved = values[1] === true
      if (approved) {
        warnings.push(
          warning(context, 'ApprovalForAll', 'danger', 'warning.approvalForAll', {
            operator: show(values[0]),
            collection,
          }),
        )
      }
      return {
        kind: `${family}.nft.setApprovalForAll`,
        intent: t(context, approved ? 'intent.approveAll' : 'intent.revokeAll', {
          operator: show(values[0]),
          collection,
        }),
        fields: [
          addressField('label.operator', values[0]),
          field(
            t(context, 'label.approved'),
            text(approved ? t(context, 'value.yes') : t(context, 'value.no')),
          ),
          field(t(context, 'label.collection'), addressValue(context, chain, contract)),
        ],
        warnings,
        blind: false,
      }
    }
  }
}
