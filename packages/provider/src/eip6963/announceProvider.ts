/**
 * `announceProvider({ provider })`: EIP-6963 multi-injected provider discovery. Dispatches
 * `eip6963:announceProvider` with a frozen `{ info: { uuid, name, icon, rdns }, provider }` at
 * once and again on every `eip6963:requestProvider`, with the same `uuid` for the life of the
 * announcement (EIP-6963: a UUIDv4 per page session). Returns the function that stops answering.
 * Must never announce outside a window-like event target.
 */
import type { EIP1193Provider } from 'viem'
import { TESSERA_ICON, TESSERA_NAME, TESSERA_RDNS } from '../constants.ts'

/** EIP-6963 `EIP6963ProviderInfo`. */
export interface ProviderInfo {
  readonly uuid: string
  readonly name: string
  /** A data URI (RFC 2397), e.g. an SVG. */
  readonly icon: `data:image/${string}`
  readonly rdns: string
}

export interface ProviderDetail {
  readonly info: ProviderInfo
  readonly provider: EIP1193Provider
}

export interface AnnounceProviderParameters {
  readonly provider: EIP1193Provider
  /** Overrides of the defaults (`TESSERA_NAME`, `TESSERA_ICON`, `TESSERA_RDNS`, a fresh uuid). */
  readonly info?: Partial<ProviderInfo>
  /** Default `window`. */
  readonly target?: EventTarget
}

export const ANNOUNCE_PROVIDER_EVENT = 'eip6963:announceProvider'
export const REQUEST_PROVIDER_EVENT = 'eip6963:requestProvider'

export function announceProvider(parameters: AnnounceProviderParameters): () => void {
  const { provider } = parameters
  if (typeof provider?.request !== 'function') {
    throw new TypeError('"provider" expected an EIP-1193 provider')
  }
  const target = parameters.target ?? (globalThis as { window?: EventTarget }).window
  if (target === undefined || typeof target.dispatchEvent !== 'function') {
    throw new TypeError('announceProvider needs a window (or an EventTarget as "target")')
  }
  const info: ProviderInfo = Object.freeze({
    uuid: parameters.info?.uuid ?? globalThis.crypto.randomUUID(),
    name: parameters.info?.name ?? TESSERA_NAME,
    icon: parameters.info?.icon ?? TESSERA_ICON,
    rdns: parameters.info?.rdns ?? TESSERA_RDNS,
  })
  const detail: ProviderDetail = Object.freeze({ info, provider })
  const announce = (): void => {
    target.dispatchEvent(new CustomEvent(ANNOUNCE_PROVIDER_EVENT, { detail }))
  }
  announce()
  target.addEventListener(REQUEST_PROVIDER_EVENT, announce)
  return () => target.removeEventListener(REQUEST_PROVIDER_EVENT, announce)
}
