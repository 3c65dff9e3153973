/**
 * The public run-time exports (docs/STYLE.md#9-explicit-exports: a change here is an API change,
 * seen in review).
 */
import { expect, test } from 'vitest'
import * as client from './index.ts'

test('the public run-time exports of @tessera/cosigner-client', () => {
  expect(Object.keys(client).sort()).toEqual([
    'CosignerClientError',
    'connectCosigner',
    'dkg',
    'dklsSign',
    'exchangeRound',
    'frostSign',
    'login',
    'otSetup',
    'presign',
    'recover',
    'refresh',
    'requestPresignedShare',
    'signWithPresignature',
  ])
})
