/**
 * Sign-In with Ethereum (EIP-4361) inside a `personal_sign` text: the parsed fields and the checks
 * a phishing page fails — the message's domain against the dapp's origin host (danger), its chain
 * against the session's, its expiry and not-before against the clock, its address against the
 * signing account. Parsing is viem's; the checks are ours.
 */
import { getAddress, isAddress } from 'viem'
import { parseSiweMessage } from 'viem/siwe'
import { type DecodeContext, sortWarnings, t, warning } from '../context.ts'
import { addressValue, dateValue, field, shortAddress, text } from '../format/fields.ts'
import type { Description, Field, Warning } from '../types.ts'

const SIWE_HEADER =
  /^(?:[a-zA-Z][a-zA-Z0-9+\-.]*:\/\/)?[^\s/?#]+ wants you to sign in with your Ethereum account:\n/

export function isSiweText(message: string): boolean {
  return SIWE_HEADER.test(message)
}

/** The origin's `host[:port]`, lowercased, or undefined when it is not a URL. */
function originHost(origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined
  try {
    const host = new URL(origin).host.toLowerCase()
    return host === '' ? undefined : host
  } catch {
    return undefined
  }
}

/** The description of a SIWE message, or undefined when the text does not parse as one. */
export function describeSiwe(
  context: DecodeContext,
  message: string,
  signer: string | undefined,
): Description | undefined {
  const siwe = parseSiweMessage(message)
  if (
    siwe.domain === undefined ||
    siwe.address === undefined ||
    !isAddress(siwe.address, { strict: false })
  ) {
    return undefined
  }
  const domain = siwe.domain.toLowerCase()
  const address = getAddress(siwe.address)
  const chain = context.chainId
  const warnings: Warning[] = []
  const host = originHost(context.origin)
  if (host === undefined) {
    warnings.push(
      warning(context, 'SiweUnknownOrigin', 'caution', 'warning.siweNoOrigin', { domain }),
    )
  } else if (host !== domain) {
    warnings.push(
      warning(context, 'SiweDomainMismatch', 'danger', 'warning.siweDomainMismatch', {
        domain,
        origin: host,
      }),
    )
  }
  if (
    siwe.chainId !== undefined &&
    chain.startsWith('eip155:') &&
    chain !== `eip155:${siwe.chainId}`
  ) {
    warnings.push(
      warning(context, 'SiweChainMismatch', 'caution', 'warning.siweChainMismatch', {
        requested: siwe.chainId,
        session: chain.slice('eip155:'.length),
      }),
    )
  }
  const now = context.nowSeconds
  if (siwe.expirationTime !== undefined && siwe.expirationTime.getTime() / 1000 <= now) {
    warnings.push(
      warning(context, 'SiweExpired', 'caution', 'warning.siweExpired', {
        time: siwe.expirationTime.toISOString(),
      }),
    )
  }
  if (siwe.notBefore !== undefined && siwe.notBefore.getTime() / 1000 > now) {
    warnings.push(
      warning(context, 'SiweNotYetValid', 'caution', 'warning.siweNotYetValid', {
        time: siwe.notBefore.toISOString(),
      }),
    )
  }
  if (
    signer !== undefined &&
    isAddress(signer, { strict: false }) &&
    getAddress(signer) !== address
  ) {
    warnings.push(
      warning(context, 'SiweAddressMismatch', 'danger', 'warning.siweAddressMismatch', {
        address: shortAddress(address),
      }),
    )
  }
  const siweChain = siwe.chainId === undefined ? chain : `eip155:${siwe.chainId}`
  const fields: Field[] = [
    field(t(context, 'label.domain'), text(domain)),
    field(t(context, 'label.account'), addressValue(context, siweChain, address)),
  ]
  if (siwe.statement !== undefined)
    fields.push(field(t(context, 'label.statement'), text(siwe.statement)))
  if (siwe.uri !== undefined) fields.push(field(t(context, 'label.uri'), text(siwe.uri)))
  if (siwe.version !== undefined)
    fields.push(field(t(context, 'label.version'), text(siwe.version)))
  if (siwe.chainId !== undefined) fields.push(field(t(context, 'label.chain'), text(siweChain)))
  if (siwe.nonce !== undefined) fields.push(field(t(context, 'label.nonce'), text(siwe.nonce)))
  for (const [key, date] of [
    ['label.issuedAt', siwe.issuedAt],
    ['label.expirationTime', siwe.expirationTime],
    ['label.notBefore', siwe.notBefore],
  ] as const) {
    const value = date === undefined ? undefined : dateValue(Math.floor(date.getTime() / 1000))
    if (value !== undefined) fields.push(field(t(context, key), value))
  }
  if (siwe.requestId !== undefined)
    fields.push(field(t(context, 'label.requestId'), text(siwe.requestId)))
  if (siwe.resources !== undefined && siwe.resources.length > 0) {
    fields.push(
      field(t(context, 'label.resources'), {
        kind: 'tree',
        fields: siwe.resources.map((resource, i) => field(`${i + 1}`, text(resource))),
      }),
    )
  }
  return {
    kind: 'personal_sign.siwe',
    intent: t(context, 'intent.siwe', { domain }),
    chainId: chain,
    fields,
    warnings: sortWarnings(warnings),
    blind: false,
  }
}
