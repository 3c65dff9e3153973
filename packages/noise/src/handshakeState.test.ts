/**
 * HandshakeState behaviour beyond the vectors: every check a hostile peer or a careless caller
 * can trigger fails with its exact error, and a failed handshake stays failed.
 */
import { bytesToHex } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { NoiseError } from './errors.ts'
import { createHandshake } from './handshakeState.ts'
import { generateKeyPair } from './primitives.ts'
import { expectNoise } from './test/expectNoise.ts'
import { complete, IK, ikPair, XX } from './test/pair.ts'

describe('IK handshake', () => {
  test('both sides derive the same keys, hash and identities', () => {
    const { initiator, responder, initiatorStatic, responderStatic } = ikPair()
    const first = initiator.writeMessage(new TextEncoder().encode('hello'))
    expect(new TextDecoder().decode(responder.readMessage(first))).toBe('hello')
    const second = responder.writeMessage(new TextEncoder().encode('welcome'))
    expect(new TextDecoder().decode(initiator.readMessage(second))).toBe('welcome')
    const a = initiator.split()
    const b = responder.split()
    expect(bytesToHex(a.handshakeHash)).toBe(bytesToHex(b.handshakeHash))
    expect(bytesToHex(b.remoteStaticKey ?? new Uint8Array())).toBe(
      bytesToHex(initiatorStatic.publicKey),
    )
    expect(bytesToHex(a.remoteStaticKey ?? new Uint8Array())).toBe(
      bytesToHex(responderStatic.publicKey),
    )
    const ciphertext = a.send.encryptWithAd(new Uint8Array(0), new Uint8Array([1, 2, 3]))
    expect([...b.receive.decryptWithAd(new Uint8Array(0), ciphertext)]).toEqual([1, 2, 3])
  })

  test('a wrong responder static key fails at the responder with DecryptFailed', () => {
    const stranger = generateKeyPair()
    const { initiator, responder } = ikPair({ initiator: { remoteStaticKey: stranger.publicKey } })
    const first = initiator.writeMessage()
    expectNoise(
      () => responder.readMessage(first),
      'DecryptFailed',
      'handshake message 1 failed authentication: wrong static key or tampered message',
    )
  })

  test.each([
    ['ephemeral key', 0],
    ['encrypted static key', 40],
    ['payload tag', 95],
  ])('a flipped bit in the %s fails the handshake', (_, index) => {
    const { initiator, responder } = ikPair()
    const first = initiator.writeMessage()
    expect(first.length).toBe(96) // e (32) + enc(s) (48) + tag of the empty payload (16)
    const tampered = first.slice()
    tampered[index] = (tampered[index] ?? 0) ^ 0x01
    expectNoise(
      () => responder.readMessage(tampered),
      'DecryptFailed',
      /^handshake message 1 failed authentication/,
    )
  })

  test('a tampered second message fails at the initiator', () => {
    const { initiator, responder } = ikPair()
    responder.readMessage(initiator.writeMessage())
    const second = responder.writeMessage(new Uint8Array([7]))
    const tampered = second.slice()
    tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 0x80
    expectNoise(
      () => initiator.readMessage(tampered),
      'DecryptFailed',
      /^handshake message 2 failed/,
    )
  })

  test('a failed handshake refuses every later call', () => {
    const { initiator, responder } = ikPair()
    const first = initiator.writeMessage()
    const tampered = first.slice()
    tampered[50] = (tampered[50] ?? 0) ^ 1
    expect(() => responder.readMessage(tampered)).toThrow(NoiseError)
    expectNoise(
      () => responder.readMessage(first),
      'HandshakeFailed',
      'handshake failed earlier and cannot be used',
    )
    expectNoise(
      () => responder.writeMessage(),
      'HandshakeFailed',
      'handshake failed earlier and cannot be used',
    )
    expectNoise(
      () => responder.split(),
      'HandshakeNotSplittable',
      'split() before the handshake is complete',
    )
  })

  test.each([
    ['all-zero', new Uint8Array(32)],
    ['low-order (u = 1)', Uint8Array.of(1, ...new Uint8Array(31))],
    [
      'low-order (order 8)',
      Uint8Array.from(
        Buffer.from('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', 'hex'),
      ),
    ],
  ])('an %s ephemeral key from the peer is rejected', (_, bad) => {
    const { initiator, responder } = ikPair()
    const first = initiator.writeMessage().slice()
    first.set(bad, 0)
    expectNoise(
      () => responder.readMessage(first),
      'InvalidPublicKey',
      'remote public key is zero or of low order',
    )
  })

  test('an all-zero pre-shared responder key is rejected at the first DH', () => {
    const initiator = createHandshake({
      protocolName: IK,
      initiator: true,
      staticKeyPair: generateKeyPair(),
      remoteStaticKey: new Uint8Array(32),
    })
    expectNoise(
      () => initiator.writeMessage(),
      'InvalidPublicKey',
      'remote public key is zero or of low order',
    )
    expectNoise(() => initiator.writeMessage(), 'HandshakeFailed', /failed earlier/)
  })

  test('messages out of order are refused', () => {
    const { initiator, responder } = ikPair()
    expectNoise(
      () => responder.writeMessage(),
      'OutOfOrder',
      'handshake message 1 must be read by this party, not written',
    )
    expectNoise(
      () => initiator.readMessage(new Uint8Array(96)),
      'OutOfOrder',
      'handshake message 1 must be written by this party, not read',
    )
    const first = initiator.writeMessage()
    expectNoise(
      () => initiator.writeMessage(),
      'OutOfOrder',
      'handshake message 2 must be read by this party, not written',
    )
    responder.readMessage(first)
    // A replay of message 1 arrives when the responder must write message 2.
    expectNoise(
      () => responder.readMessage(first),
      'OutOfOrder',
      'handshake message 2 must be written by this party, not read',
    )
  })

  test('a finished handshake takes no more messages and splits once', () => {
    const { initiator, responder } = ikPair()
    const [, second] = complete(initiator, responder)
    expectNoise(
      () => initiator.readMessage(second as Uint8Array),
      'HandshakeComplete',
      'handshake is complete: no more handshake messages',
    )
    expectNoise(() => responder.writeMessage(), 'HandshakeComplete', /no more handshake messages/)
    initiator.split()
    expectNoise(
      () => initiator.split(),
      'HandshakeNotSplittable',
      'handshake keys were already taken by split()',
    )
    expectNoise(() => initiator.writeMessage(), 'HandshakeComplete', /no more handshake messages/)
  })

  test('split before completion is refused', () => {
    const { initiator } = ikPair()
    initiator.writeMessage()
    expectNoise(
      () => initiator.split(),
      'HandshakeNotSplittable',
      'split() before the handshake is complete',
    )
  })
})

describe('message size limits (Noise §3: 65535 bytes)', () => {
  test('a payload that would make the message exceed 65535 bytes is refused', () => {
    const { initiator } = ikPair()
    // IK message 1 carries 32 + 48 + 16 = 96 bytes besides the payload.
    expectNoise(
      () => initiator.writeMessage(new Uint8Array(65535 - 96 + 1)),
      'MessageTooLarge',
      'handshake message of 65536 bytes exceeds the Noise limit of 65535',
    )
  })

  test('the largest allowed payload passes', () => {
    const { initiator, responder } = ikPair()
    const message = initiator.writeMessage(new Uint8Array(65535 - 96))
    expect(message.length).toBe(65535)
    expect(responder.readMessage(message).length).toBe(65535 - 96)
  })

  test('a received message over 65535 bytes is refused', () => {
    const { responder } = ikPair()
    expectNoise(
      () => responder.readMessage(new Uint8Array(65536)),
      'MessageTooLarge',
      'handshake message of 65536 bytes exceeds the Noise limit of 65535',
    )
  })

  test('a truncated message is refused', () => {
    const { initiator, responder } = ikPair()
    const first = initiator.writeMessage()
    expectNoise(
      () => responder.readMessage(first.subarray(0, 60)),
      'MessageTooShort',
      'handshake message 1 is truncated: 60 bytes',
    )
  })
})

describe('configuration errors', () => {
  test.each([
    ['Noise_IK_25519_ChaChaPoly', /^invalid protocol name/],
    ['Noise_ZZ_25519_ChaChaPoly_BLAKE2s', 'unsupported handshake pattern "ZZ"'],
    ['Noise_XXfallback_25519_ChaChaPoly_BLAKE2s', 'unsupported handshake pattern "XXfallback"'],
    ['Noise_NNpsk3_25519_ChaChaPoly_BLAKE2s', '"psk3" is beyond the messages of NN'],
    ['Noise_IK_448_ChaChaPoly_BLAKE2s', 'unsupported DH function "448"'],
    ['Noise_IK_25519_AESGCM_BLAKE2s', 'unsupported cipher "AESGCM"'],
    ['Noise_IK_25519_ChaChaPoly_MD5', 'unsupported hash "MD5"'],
  ])('%s is refused', (protocolName, message) => {
    expectNoise(
      () => createHandshake({ protocolName, initiator: true }),
      'UnsupportedProtocol',
      message,
    )
  })

  test('missing keys are named', () => {
    expectNoise(
      () =>
        createHandshake({ protocolName: IK, initiator: true, staticKeyPair: generateKeyPair() }),
      'MissingKey',
      'IK needs the remote static public key',
    )
    expectNoise(
      () => createHandshake({ protocolName: IK, initiator: false }),
      'MissingKey',
      'IK needs our static key pair',
    )
    expectNoise(
      () =>
        createHandshake({ protocolName: 'Noise_NNpsk0_25519_ChaChaPoly_SHA256', initiator: true }),
      'MissingKey',
      'NNpsk0 needs 1 PSK(s), got 0',
    )
    expectNoise(
      () =>
        createHandshake({
          protocolName: XX,
          initiator: true,
          staticKeyPair: generateKeyPair(),
          remoteStaticKey: new Uint8Array(32),
        }),
      'MissingKey',
      'XX transmits the remote static key; do not pre-set it',
    )
  })

  test('keys of the wrong length are type errors', () => {
    expect(() =>
      createHandshake({
        protocolName: IK,
        initiator: true,
        staticKeyPair: generateKeyPair(),
        remoteStaticKey: new Uint8Array(31),
      }),
    ).toThrow(new RangeError('"remoteStaticKey" expected Uint8Array of length 32, got length=31'))
    expect(() =>
      createHandshake({
        protocolName: 'Noise_NNpsk0_25519_ChaChaPoly_SHA256',
        initiator: true,
        psks: ['x' as unknown as Uint8Array],
      }),
    ).toThrow(new TypeError('"psks[0]" expected Uint8Array of length 32, got type=string'))
  })
})

describe('XX with the SHA-256 suite', () => {
  test('mutual authentication without pre-shared keys', () => {
    const a = generateKeyPair()
    const b = generateKeyPair()
    const name = 'Noise_XX_25519_ChaChaPoly_SHA256'
    const initiator = createHandshake({ protocolName: name, initiator: true, staticKeyPair: a })
    const responder = createHandshake({ protocolName: name, initiator: false, staticKeyPair: b })
    expect(complete(initiator, responder)).toHaveLength(3)
    expect(bytesToHex(initiator.split().remoteStaticKey ?? new Uint8Array())).toBe(
      bytesToHex(b.publicKey),
    )
    expect(bytesToHex(responder.split().remoteStaticKey ?? new Uint8Array())).toBe(
      bytesToHex(a.publicKey),
    )
  })
})
