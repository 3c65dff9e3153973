/**
 * Our own ERC-7730 descriptors, committed as JSON beside this file: ERC-20 (well-known tokens and
 * the devchain DemoToken), ERC-721 (well-known collections), Permit2 (its `approve` call and its
 * PermitSingle / PermitTransferFrom signatures) and WETH (deposit / withdraw). Loaded once, on
 * first use, through the same validator as a caller's descriptors.
 */
import { type Erc7730Descriptor, loadErc7730Descriptor } from '../erc7730/loadDescriptor.ts'
import erc20 from './erc20.json' with { type: 'json' }
import erc721 from './erc721.json' with { type: 'json' }
import permit2Contract from './permit2Contract.json' with { type: 'json' }
import permit2Messages from './permit2Messages.json' with { type: 'json' }
import weth from './weth.json' with { type: 'json' }

/** The descriptors' JSON, by name. */
export const SHIPPED_DESCRIPTOR_JSON: Readonly<Record<string, unknown>> = Object.freeze({
  erc20,
  erc721,
  permit2Contract,
  permit2Messages,
  weth,
})

let loaded: readonly Erc7730Descriptor[] | undefined

export function shippedDescriptors(): readonly Erc7730Descriptor[] {
  loaded ??= Object.freeze(Object.values(SHIPPED_DESCRIPTOR_JSON).map(loadErc7730Descriptor))
  return loaded
}
