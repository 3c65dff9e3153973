/**
 * Which chains the signer offers on each platform, as data (docs/CHAINS.md#chains-per-platform).
 * Telegram Mini Apps: TON only. Telegram's rules for Mini Apps (in force since 21 February 2025)
 * make TON the only blockchain a Mini App may use for crypto features, so the Telegram build lists
 * TON and nothing else. Every other platform lists every chain (`'*'`).
 */
import type { PlatformAdapter } from '../platform/types.ts'

export type PlatformName = PlatformAdapter['platform']

/** Platform → CAIP-2 ids it offers, or `'*'` for every chain the registry holds. */
export const PLATFORM_CHAINS: Readonly<Record<PlatformName, '*' | readonly string[]>> =
  Object.freeze({
    browser: '*',
    telegram: Object.freeze(['ton:-239', 'ton:-3']),
    wechat: '*',
    alipay: '*',
  })
