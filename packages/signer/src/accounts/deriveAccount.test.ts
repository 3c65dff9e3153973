/**
 * Accounts from public key state: each child address equals the address of the child private key
 * (root key + δ, computed on the test side from a known key split with mpc), on every chain.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { base58 } from '@scure/base'
import { decodeBase32Address } from '@tessera/conflux'
import { deriveEd25519, deriveSecp256k1, publicKeyState } from '@tessera/mpc'
// The test builds keys from known secrets so it can compare against single-key derivations.
import { splitExistingKeyIntoShares } from '@tessera/mpc/dangerous'
import { bytesToHex, hexToBytes, numberToHex } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { accountPath } from './accountPath.ts'
import { coreAddress } from './coreAddress.ts'
import { deriveAccount } from './deriveAccount.ts'
import { evmAddress } from './evmAddress.ts'
import { solanaAddress } from './solanaAddress.ts'

const N = secp256k1.Point.CURVE().n
const L = ed25519.Point.CURVE().n
const chainCode = new Uint8Array(32).fill(7)
function secpPriv(scalar: bigint): Uint8Array {
  return hexToBytes(numberToHex(scalar, { size: 32 }))
}
const k = 0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318n
const secpKey = splitExistingKeyIntoShares({
  curve: 'secp256k1',
  keyId: 'accounts-test',
  t: 2,
  n: 3,
  privateKey: secpPriv(k),
  chainCode,
})[0]
const edScalar = 0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcden % L
const edBytes = new Uint8Array(32).map((_, i) => Number((edScalar >> BigInt(8 * i)) & 0xffn))
const edKey = splitExistingKeyIntoShares({
  curve: 'ed25519',
  keyId: 'accounts-test',
  t: 2,
  n: 3,
  privateKey: edBytes,
  chainCode,
})[0]
if (secpKey === undefined || edKey === undefined) throw new Error('split failed')
const keys = { secp256k1: publicKeyState(secpKey), ed25519: publicKeyState(edKey) }

describe('known answers', () => {
  test('the root key gives the address of its private key (web3 docs key)', () => {
    // The private key of web3.js's documentation example and its well-known address.
    expect(evmAddress(secp256k1.getPublicKey(secpPriv(k)))).toBe(
      '0x2c7536E3605D9C16a7a3D7b1898e529396a65c23',
    )
    expect(evmAddress(secpKey.publicKey)).toBe('0x2c7536E3605D9C16a7a3D7b1898e529396a65c23')
  })

  test('Core and eSpace addresses of one key differ only in the type nibble', () => {
    const core = coreAddress(secpKey.publicKey, 1029)
    expect(core.startsWith('cfx:')).toBe(true)
    const hex = decodeBase32Address(core).hexAddress.toLowerCase()
    expect(hex.slice(3)).toBe(evmAddress(secpKey.publicKey).toLowerCase().slice(3))
    expect(hex.slice(0, 3)).toBe('0x1')
    expect(coreAddress(secpKey.publicKey, 1).startsWith('cfxtest:')).toBe(true)
    expect(coreAddress(secpKey.publicKey, 8888).startsWith('net8888:')).toBe(true)
  })

  test('Solana is base58 of the public key', () => {
    expect(base58.decode(solanaAddress(edKey.publicKey))).toEqual(edKey.publicKey)
    expect(() => solanaAddress(new Uint8Array(32))).toThrow('small-order')
    expect(() => solanaAddress(new Uint8Array(31))).toThrow(
      '"publicKey" expected Uint8Array of length 32',
    )
  })
})

test.each([0, 1, 7, 2 ** 31 - 1])(
  'account %i: every address matches the child private key',
  (index) => {
    const account = deriveAccount(keys, index, { coreNetworks: [1029, 1, 71] })
    expect(account.path).toBe(`m/0/${index}`)
    const { delta } = deriveSecp256k1(keys.secp256k1, accountPath(index))
    const child = numberToHex((k + delta) % N, { size: 32 })
    expect(account.secp256k1?.address).toBe(privateKeyToAddress(child))
    expect(Object.keys(account.secp256k1?.core ?? {})).toEqual(['1', '71', '1029'])
    expect(account.secp256k1?.core[1029]).toBe(
      coreAddress(account.secp256k1?.publicKey as Uint8Array, 1029),
    )
    const ed = deriveEd25519(keys.ed25519, accountPath(index))
    const childEd = ed25519.Point.BASE.multiply((edScalar + ed.delta) % L).toBytes()
    expect(account.ed25519?.address).toBe(base58.encode(childEd))
    expect(bytesToHex(account.ed25519?.publicKey as Uint8Array)).toBe(bytesToHex(childEd))
  },
)

test('accounts refuse bad indices and empty wallets', () => {
  expect(() => deriveAccount(keys, -1)).toThrow(
    'account index expected an integer in [0, 2^31 - 1], got -1',
  )
  expect(() => deriveAccount(keys, 2 ** 31)).toThrow('got 2147483648')
  expect(() => deriveAccount({}, 0)).toThrow('deriveAccount needs a secp256k1 or an Ed25519 key')
  expect(() => deriveAccount({ secp256k1: keys.ed25519 }, 0)).toThrow(
    '"secp256k1" key has another curve',
  )
})
