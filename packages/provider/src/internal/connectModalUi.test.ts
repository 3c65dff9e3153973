/**
 * `createConnectModalUi`'s "New code": the modal marks a code expired by its own clock, which can
 * run ahead of the provider giving that pairing up. A retry asked for before the pairing ended
 * would join the dead pairing (and no new code would come); the retry must wait for the pairing
 * the modal follows to end, then ask for a new one — once per click.
 */
import { PairingError } from '@tessera/core'
import type { ConnectModalController, ConnectModalParameters } from '@tessera/modal'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { createConnectModalUi } from './connectModalUi.ts'

const opened = vi.hoisted(() => [] as ConnectModalParameters[])

vi.mock('@tessera/modal', () => ({
  openConnectModal(options: ConnectModalParameters): ConnectModalController {
    opened.push(options)
    return {
      open: true,
      state: 'waiting',
      setState: () => {},
      refresh: () => {},
      close: () => {},
    } as unknown as ConnectModalController
  },
}))

beforeEach(() => {
  opened.length = 0
  // The UI does nothing outside a browser; a document is all it looks for.
  vi.stubGlobal('document', {})
})
afterEach(() => {
  vi.unstubAllGlobals()
})

/** A pairing promise the test ends by hand. */
function pendingPairing() {
  let fail: (error: Error) => void = () => {}
  const pairing = new Promise<never>((_, reject) => {
    fail = reject
  })
  pairing.catch(() => {})
  return { pairing, fail }
}

test('"New code" clicked before the provider gave the pairing up retries once it has ended', async () => {
  const retry = vi.fn()
  const ui = createConnectModalUi({ options: {}, cancel: async () => {}, retry })
  const { pairing, fail } = pendingPairing()
  ui.show('tessera:first')
  ui.track(pairing)
  await vi.waitFor(() => expect(opened).toHaveLength(1))
  const refresh = opened[0]?.onRefresh as () => void

  // The modal's own timer said "expired"; the provider still waits for that pairing.
  refresh()
  await new Promise((resolve) => setImmediate(resolve))
  expect(retry).not.toHaveBeenCalled()

  // The provider gives it up: now the retry asks for a new pairing, once.
  fail(new PairingError('Timeout', 'No wallet answered before the pairing code expired.'))
  await vi.waitFor(() => expect(retry).toHaveBeenCalledOnce())
})

test('"Try again" after a pairing that already ended retries at once', async () => {
  const retry = vi.fn()
  const ui = createConnectModalUi({ options: {}, cancel: async () => {}, retry })
  const { pairing, fail } = pendingPairing()
  ui.show('tessera:first')
  ui.track(pairing)
  fail(new PairingError('Cancelled', 'Pairing was cancelled.'))
  await vi.waitFor(() => expect(opened).toHaveLength(1))
  await pairing.catch(() => {})
  const refresh = opened[0]?.onRefresh as () => void
  refresh()
  await vi.waitFor(() => expect(retry).toHaveBeenCalledOnce())
})
