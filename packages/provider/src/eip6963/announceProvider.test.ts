/**
 * `announceProvider` on any EventTarget (Node): input checks with exact errors, info overrides,
 * and the announcement/unsubscribe cycle without a window.
 */
import type { EIP1193Provider } from 'viem'
import { describe, expect, test } from 'vitest'
import { TESSERA_ICON } from '../constants.ts'
import { announceProvider, type ProviderDetail } from './announceProvider.ts'

const provider = {
  request: async () => null,
  on() {},
  removeListener() {},
} as unknown as EIP1193Provider

describe('announceProvider', () => {
  test('needs an EIP-1193 provider and a window or target', () => {
    expect(() => announceProvider({ provider: {} as EIP1193Provider })).toThrow(
      new TypeError('"provider" expected an EIP-1193 provider'),
    )
    expect(() => announceProvider({ provider })).toThrow(
      new TypeError('announceProvider needs a window (or an EventTarget as "target")'),
    )
  })

  test('announces on a target, with overrides, until stopped', () => {
    const target = new EventTarget()
    const seen: ProviderDetail[] = []
    target.addEventListener('eip6963:announceProvider', (event) =>
      seen.push((event as CustomEvent<ProviderDetail>).detail),
    )
    const stop = announceProvider({
      provider,
      target,
      info: { uuid: '00000000-0000-4000-8000-000000000000', name: 'Tessera (staging)' },
    })
    target.dispatchEvent(new Event('eip6963:requestProvider'))
    stop()
    target.dispatchEvent(new Event('eip6963:requestProvider'))
    expect(seen.map((d) => d.info)).toEqual([
      {
        uuid: '00000000-0000-4000-8000-000000000000',
        name: 'Tessera (staging)',
        icon: TESSERA_ICON,
        rdns: 'dev.tessera.wallet',
      },
      {
        uuid: '00000000-0000-4000-8000-000000000000',
        name: 'Tessera (staging)',
        icon: TESSERA_ICON,
        rdns: 'dev.tessera.wallet',
      },
    ])
  })
})
