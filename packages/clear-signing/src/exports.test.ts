/**
 * The public run-time exports (docs/STYLE.md#9-explicit-exports: a change here is an API change,
 * seen in review).
 */
import { expect, test } from 'vitest'
import * as clear from './index.ts'

test('the public run-time exports of @tessera/clear-signing', () => {
  expect(Object.keys(clear).sort()).toEqual([
    'ClearSigningError',
    'DESCRIBED_METHODS',
    'PSBT_LIMITS',
    'SHIPPED_DESCRIPTOR_JSON',
    'describeRequest',
    'describeWithDescriptor',
    'formatTonAddress',
    'loadErc7730Descriptor',
    'parsePsbt',
    'parseSolanaMessage',
    'parseTonAddress',
    'serializePsbt',
  ])
})
