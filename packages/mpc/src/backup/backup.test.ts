import { expect, test } from 'vitest'
import { type KeyShare, publicKeyState } from '../dkg/keyShare.ts'
import { MpcError } from '../errors.ts'
import { runDkg } from '../test/dkgHarness.ts'
import { seededRng } from '../test/rng.ts'
import { exportBackup, importBackup } from './backupBlob.ts'
import { phraseToShare, shareToPhrase } from './backupPhrase.ts'

const kdf = { t: 1, m: 64, p: 1 } // tiny cost for tests only
const secp = runDkg({
  curve: 'secp256k1',
  t: 2,
  n: 3,
  online: [1, 2],
  rng: seededRng('backup-s'),
}).shares
const ed = runDkg({
  curve: 'ed25519',
  t: 2,
  n: 3,
  online: [1, 2],
  rng: seededRng('backup-e'),
}).shares

function kindOf(run: () => unknown): [string, string] {
  try {
    run()
  } catch (e) {
    if (e instanceof MpcError) return [e.code, e.message]
    throw e
  }
  throw new Error('expected an MpcError')
}

test('a backup blob round-trips under the passphrase and matches the co-signer record', () => {
  for (const shares of [secp, ed]) {
    const share = shares.get(3) as KeyShare
    const blob = exportBackup(share, 'correct horse', { kdf, rng: seededRng('blob') })
    expect(blob.kdf).toMatchObject({ alg: 'argon2id', t: 1, m: 64, p: 1 })
    const back = importBackup(blob, 'correct horse', publicKeyState(shares.get(2) as KeyShare))
    expect(back).toEqual(share)
  }
})

test('wrong passphrase, swapped header, or another key are refused', () => {
  const share = secp.get(3) as KeyShare
  const blob = exportBackup(share, 'pw', { kdf })
  const mine = publicKeyState(secp.get(1) as KeyShare)
  expect(kindOf(() => importBackup(blob, 'PW', mine))).toEqual([
    'Malformed',
    'wrong passphrase or corrupted backup',
  ])
  const swapped = { ...blob, index: 2 }
  expect(kindOf(() => importBackup(swapped, 'pw', mine))).toEqual([
    'Malformed',
    'wrong passphrase or corrupted backup',
  ])
  const other = publicKeyState(ed.get(1) as KeyShare)
  expect(kindOf(() => importBackup(blob, 'pw', other))).toEqual([
    'Abort',
    'backup does not match the co-signer record (key or epoch differs)',
  ])
})

test('import without the co-signer record is refused before anything is decrypted', () => {
  const blob = exportBackup(secp.get(3) as KeyShare, 'pw', { kdf })
  expect(() => importBackup(blob, 'pw', undefined as never)).toThrow(
    new TypeError('"record" expected the co-signer\'s public key state'),
  )
})

test('the 26-word phrase restores the share and is matched to its key and index', () => {
  for (const shares of [secp, ed]) {
    const share = shares.get(3) as KeyShare
    const phrase = shareToPhrase(share)
    expect(phrase.split(' ')).toHaveLength(26)
    const record = publicKeyState(shares.get(1) as KeyShare)
    const back = phraseToShare(phrase, record)
    expect(back.secretShare).toEqual(share.secretShare)
    expect(back.index).toBe(3)
  }
  const phrase = shareToPhrase(secp.get(3) as KeyShare)
  expect(kindOf(() => phraseToShare(phrase, publicKeyState(ed.get(1) as KeyShare)))).toEqual([
    'Malformed',
    'phrase does not belong to this key and epoch (fingerprint words differ)',
  ])
  const words = phrase.split(' ')
  words[3] = words[3] === 'abandon' ? 'ability' : 'abandon'
  expect(
    kindOf(() => phraseToShare(words.join(' '), publicKeyState(secp.get(1) as KeyShare)))[1],
  ).toBe('the first 24 words are not a valid BIP39 phrase')
})
