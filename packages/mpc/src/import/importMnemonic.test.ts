import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { mnemonicToAccount, publicKeyToAddress } from 'viem/accounts'
import { expect, test } from 'vitest'
import { MpcError } from '../errors.ts'
import { seededRng } from '../test/rng.ts'
import { EXPORT_CONFIRMATION, exportFullPrivateKey } from './exportFullPrivateKey.ts'
import { importMnemonic } from './importMnemonic.ts'

const mnemonic = 'test test test test test test test test test test test junk'

function address(compressed: Uint8Array): string {
  const point = secp256k1.Point.fromBytes(compressed)
  return publicKeyToAddress(`0x${bytesToHex(point.toBytes(false))}`)
}

test("the threshold address equals the mnemonic wallet's m/44'/60'/0'/0/0 address", () => {
  const shares = importMnemonic({ mnemonic, keyId: 'imported', t: 2, n: 3, rng: seededRng('mn') })
  const pk = shares[0]?.publicKey as Uint8Array
  expect(address(pk)).toBe(mnemonicToAccount(mnemonic).address)
  const other = importMnemonic({
    mnemonic,
    path: "m/44'/60'/0'/0/3",
    keyId: 'imported',
    t: 2,
    n: 3,
  })
  expect(address(other[0]?.publicKey as Uint8Array)).toBe(
    mnemonicToAccount(mnemonic, { addressIndex: 3 }).address,
  )
})

test('export requires the explicit confirmation and any t shares reconstruct the key', () => {
  const shares = importMnemonic({ mnemonic, keyId: 'imported', t: 2, n: 3 })
  const [a, , c] = shares
  if (a === undefined || c === undefined) throw new Error('no shares')
  expect(() =>
    exportFullPrivateKey([a, c], { confirm: 'yes' as typeof EXPORT_CONFIRMATION }),
  ).toThrow(
    new MpcError('Malformed', 'exportFullPrivateKey needs the explicit confirmation sentence'),
  )
  const key = exportFullPrivateKey([a, c], { confirm: EXPORT_CONFIRMATION })
  const account = mnemonicToAccount(mnemonic)
  expect(address(secp256k1.getPublicKey(key, true))).toBe(account.address)
  expect(() => exportFullPrivateKey([a], { confirm: EXPORT_CONFIRMATION })).toThrow(
    'need at least t shares',
  )
})

test('an invalid mnemonic is Malformed', () => {
  expect(() => importMnemonic({ mnemonic: 'test test', keyId: 'k', t: 2, n: 3 })).toThrow(
    'not a valid English BIP39 mnemonic',
  )
})
