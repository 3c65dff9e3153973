/**
 * Steps every dapp flow shares: open the demo dapp, click Connect and scan the modal's QR code
 * (decoded from the page), pair a wallet with the scanned URI over the stack's relay, and call
 * the devchain's Conflux Core JSON-RPC.
 */
import {
  createMemorySessionStore,
  createRelayClient,
  type RelayClient,
  relayIdentityFromSeed,
} from '@tessera/core'
import type { TestWallet } from '@tessera/core/testing/testWallet'
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import { WebSocket } from 'ws'
import type { ServiceUrls } from '../../scripts/services.mjs'
import { decodeQr } from './qr.ts'

/** Opens the dapp in English, clicks Connect, and returns the modal and the URI its QR code holds. */
export async function scanConnectModal(
  page: Page,
  stack: ServiceUrls,
): Promise<{ modal: Locator; uri: string }> {
  await page.goto(`${stack.dapp}/?lang=en`)
  await page.getByRole('button', { name: 'Connect with Tessera' }).click()
  const modal = page.locator('tessera-connect-modal')
  await expect.poll(() => modal.getByRole('dialog').isVisible()).toBe(true)
  return { modal, uri: await decodeQr(modal.locator('svg').first()) }
}

/** Pairs `wallet` with `uri` on a relay client of its own; the caller closes the client. */
export async function pairWallet(
  wallet: TestWallet,
  uri: string,
  stack: ServiceUrls,
): Promise<RelayClient> {
  const relay = createRelayClient({
    url: stack.relay,
    identity: await relayIdentityFromSeed(crypto.getRandomValues(new Uint8Array(32))),
    WebSocket: WebSocket as never,
  })
  await wallet.pair({ uri, relay, store: createMemorySessionStore() })
  return relay
}

/** One call to the devchain's Conflux Core JSON-RPC (`/conflux`). */
export async function cfx(stack: ServiceUrls, method: string, params: unknown[]): Promise<unknown> {
  const response = await fetch(`${stack.devchain}/conflux`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = (await response.json()) as { result?: unknown; error?: { message: string } }
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}
