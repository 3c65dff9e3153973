/** The opt-in functions (448, AESGCM, SHA512, BLAKE2b) work end to end, and only when passed explicitly. */
import { describe, expect, test } from 'vitest'
import { EXTRA_FUNCTIONS } from './extra.ts'
import { createHandshake } from './handshakeState.ts'
import { DEFAULT_FUNCTIONS, generateKeyPair } from './primitives.ts'
import { parseProtocolName } from './protocolName.ts'
import { expectNoise } from './test/expectNoise.ts'
import { complete } from './test/pair.ts'
import { createTransport, restoreTransport } from './transport.ts'

const protocolName = 'Noise_XX_448_AESGCM_SHA512'

describe('@tessera/noise/extra', () => {
  test('an XX handshake on X448 with AES-GCM, then transport and restore', () => {
    const functions = EXTRA_FUNCTIONS
    const initiator = createHandshake({
      protocolName,
      initiator: true,
      staticKeyPair: generateKeyPair('448', functions),
      functions,
    })
    const responder = createHandshake({
      protocolName,
      initiator: false,
      staticKeyPair: generateKeyPair('448', functions),
      functions,
    })
    complete(initiator, responder)
    const a = createTransport(initiator.split())
    const b = createTransport(responder.split())
    const sealed = a.seal(Uint8Array.of(1, 2, 3))
    expect([...b.open(sealed.nonce, sealed.ciphertext)]).toEqual([1, 2, 3])
    expectNoise(
      () => restoreTransport(b.exportState()),
      'UnsupportedProtocol',
      'unsupported cipher "AESGCM"',
    )
    const next = a.seal(Uint8Array.of(4))
    expect([
      ...restoreTransport(b.exportState(), functions).open(next.nonce, next.ciphertext),
    ]).toEqual([4])
  })

  test('without the extra functions, 448 is refused', () => {
    expectNoise(
      () => generateKeyPair('448'),
      'UnsupportedProtocol',
      'unsupported DH function "448"',
    )
  })

  test.each(['SHA512', 'BLAKE2b'])('without the extra functions, %s is refused', (hash) => {
    const name = `Noise_NN_25519_ChaChaPoly_${hash}`
    expectNoise(() => parseProtocolName(name), 'UnsupportedProtocol', `unsupported hash "${hash}"`)
    expect(parseProtocolName(name, EXTRA_FUNCTIONS).hash).toMatchObject({ name: hash, length: 64 })
  })

  test('the default set is what Tessera runs: 25519, ChaChaPoly, BLAKE2s, SHA256', () => {
    expect(Object.keys(DEFAULT_FUNCTIONS.dh)).toEqual(['25519'])
    expect(Object.keys(DEFAULT_FUNCTIONS.cipher)).toEqual(['ChaChaPoly'])
    expect(Object.keys(DEFAULT_FUNCTIONS.hash).sort()).toEqual(['BLAKE2s', 'SHA256'])
    expect(Object.keys(EXTRA_FUNCTIONS.hash).sort()).toEqual([
      'BLAKE2b',
      'BLAKE2s',
      'SHA256',
      'SHA512',
    ])
  })
})
