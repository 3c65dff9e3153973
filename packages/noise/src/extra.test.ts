/** The opt-in functions (448, AESGCM) work end to end, and only when passed explicitly. */
import { describe, expect, test } from 'vitest'
import { EXTRA_FUNCTIONS } from './extra.ts'
import { createHandshake } from './handshakeState.ts'
import { generateKeyPair } from './primitives.ts'
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
})
