/**
 * The public run-time exports of @tessera/provider (docs/STYLE.md#9-explicit-exports: a change here
 * is an API change and shows in review), and the constants a dapp and wagmi rely on staying put.
 */
import { expect, test } from 'vitest'
import * as provider from './index.ts'

test('the public run-time exports', () => {
  expect(Object.keys(provider).sort()).toEqual([
    'ANNOUNCE_PROVIDER_EVENT',
    'REQUEST_PROVIDER_EVENT',
    'TESSERA_ICON',
    'TESSERA_NAME',
    'TESSERA_RDNS',
    'announceProvider',
    'createTesseraProvider',
  ])
  expect(provider.TESSERA_RDNS).toBe('dev.tessera.wallet')
  expect(provider.ANNOUNCE_PROVIDER_EVENT).toBe('eip6963:announceProvider')
  expect(provider.REQUEST_PROVIDER_EVENT).toBe('eip6963:requestProvider')
})
