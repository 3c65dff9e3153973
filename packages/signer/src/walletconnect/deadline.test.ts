/**
 * The deadline of a WalletConnect request: our TTL, or the dapp's `expiryTimestamp` less
 * `WALLETCONNECT_EXPIRY_MARGIN_MS` when earlier (the SDK drops the pending request at that second,
 * after which the "Request expired." answer could not be sent); a request that arrives with less
 * than the margin left gets a deadline in the past, which the inbox answers at once.
 */
import { expect, test } from 'vitest'
import {
  WALLETCONNECT_EXPIRY_MARGIN_MS,
  walletConnectDeadline,
} from './createWalletConnectWallet.ts'

const now = 1_800_000_000_000

test('our TTL when the dapp gave no expiry or a later one', () => {
  expect(walletConnectDeadline(now, 60_000, undefined)).toBe(now + 60_000)
  expect(walletConnectDeadline(now, 60_000, now / 1000 + 300)).toBe(now + 60_000)
})

test('the dapp’s expiry less the margin when that is earlier', () => {
  expect(walletConnectDeadline(now, 600_000, now / 1000 + 300)).toBe(
    now + 300_000 - WALLETCONNECT_EXPIRY_MARGIN_MS,
  )
  expect(walletConnectDeadline(now, 600_000, now / 1000 + 2)).toBeLessThanOrEqual(now)
})
