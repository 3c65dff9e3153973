/**
 * What identifies Tessera to dapps and wallet pickers: the EIP-6963 reverse-DNS id, the display
 * name and the icon (an SVG data URI, EIP-6963 §"Icon"). The wagmi connector declares the same
 * `rdns` so wagmi shows one Tessera entry. Constants only: must never hold behaviour.
 */

/** EIP-6963 `rdns`: stable forever; wallet pickers and wagmi deduplicate by it. */
export const TESSERA_RDNS = 'dev.tessera.wallet'

export const TESSERA_NAME = 'Tessera'

/** A 96×96 tile of four squares (a tessera), as an SVG data URI (EIP-6963 requires a data URI). */
export const TESSERA_ICON: `data:image/svg+xml,${string}` = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="20" fill="#1d2b53"/><rect x="18" y="18" width="28" height="28" rx="4" fill="#29adff"/><rect x="50" y="18" width="28" height="28" rx="4" fill="#ffec27"/><rect x="18" y="50" width="28" height="28" rx="4" fill="#ff77a8"/><rect x="50" y="50" width="28" height="28" rx="4" fill="#00e436"/></svg>',
)}`
