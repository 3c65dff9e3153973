/**
 * The public run-time exports (docs/STYLE.md#9-explicit-exports: a change here is an API change,
 * seen in review).
 */
import { expect, test } from 'vitest'
import * as solana from './index.ts'

test('the public run-time exports of @tessera/solana', () => {
  expect(Object.keys(solana).sort()).toEqual([
    'SOLANA_CHAINS',
    'SolanaWalletError',
    'createTesseraSolanaWallet',
    'parseWireTransaction',
    'registerTesseraSolanaWallet',
    'signerIndex',
    'solanaSessionFromProvider',
    'withSignature',
  ])
})
