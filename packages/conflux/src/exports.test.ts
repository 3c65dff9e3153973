/**
 * The package's public runtime exports, listed (docs/STYLE.md#9-explicit-exports): an accidental
 * API change shows up here in review. Also: no source file outside tests imports js-conflux-sdk
 * (docs/CHAINS.md#conflux-core-space: it must never enter the dapp bundle).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BaseError } from '@tessera/protocol'
import { expect, test } from 'vitest'
import * as conflux from './index.ts'

test('public exports', () => {
  expect(Object.keys(conflux).sort()).toEqual([
    'BASE32_ALPHABET',
    'CIP23_DOMAIN',
    'CONFLUX_MESSAGE_PREFIX',
    'InvalidAddressError',
    'InvalidCoreTransactionError',
    'InvalidTypedDataError',
    'MAINNET_NETWORK_ID',
    'MAX_NETWORK_ID',
    'TESTNET_NETWORK_ID',
    'confluxTransportFromSession',
    'createConfluxProvider',
    'decodeBase32Address',
    'encodeBase32Address',
    'getCoreAddressType',
    'hashCip23TypedData',
    'hashConfluxMessage',
    'hashCoreTransaction',
    'hashPersonalSignMessage',
    'isBase32Address',
    'networkIdToPrefix',
    'normalizeCip23TypedData',
    'parseCoreTransaction',
    'prefixToNetworkId',
    'recoverCoreTransactionSender',
    'serializeCoreTransaction',
    'userAddressFromPublicKey',
  ])
})

test('every error class is a BaseError with a stable name', () => {
  const errors = [
    new conflux.InvalidAddressError('BadChecksum', 'x'),
    new conflux.InvalidCoreTransactionError('BadRlp', 'x'),
    new conflux.InvalidTypedDataError('$', 'x'),
  ]
  expect(errors.every((e) => e instanceof BaseError)).toBe(true)
  expect(errors.map((e) => e.name)).toEqual([
    'InvalidAddressError',
    'InvalidCoreTransactionError',
    'InvalidTypedDataError',
  ])
})

const SDK_IMPORT = /(?:from|import\(|require\()\s*['"]js-conflux-sdk['"/]/

test('js-conflux-sdk is imported by tests only', () => {
  const root = new URL('.', import.meta.url).pathname
  const offenders: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'test') walk(path)
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        if (SDK_IMPORT.test(readFileSync(path, 'utf8'))) offenders.push(path)
      }
    }
  }
  walk(root)
  expect(offenders).toEqual([])
  expect(SDK_IMPORT.test("import sdk from 'js-conflux-sdk'")).toBe(true)
})
