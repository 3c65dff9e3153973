/**
 * Noise conformance: every vector of the vector file whose protocol we implement must pass byte
 * for byte — each handshake and transport ciphertext, each decrypted payload, the handshake hash.
 */

import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { afterAll, describe, expect, test } from 'vitest'
import { NoiseError } from './errors.ts'
import { EXTRA_FUNCTIONS } from './extra.ts'
import { createHandshake, type HandshakeResult } from './handshakeState.ts'
import { parseProtocolName } from './protocolName.ts'
import { loadNoiseVectors, type NoiseVector, noiseVectorsPath } from './test/vectors.ts'

const path = noiseVectorsPath()
const vectors = loadNoiseVectors(path)

function isImplemented(name: string): boolean {
  try {
    parseProtocolName(name, EXTRA_FUNCTIONS)
    return true
  } catch (error) {
    if (error instanceof NoiseError && error.code === 'UnsupportedProtocol') return false
    throw error
  }
}

const applicable = vectors.filter((v) => isImplemented(v.protocol_name))
let passed = 0

function keyPair(protocolName: string, privateHex: string | undefined) {
  if (privateHex === undefined) return undefined
  const { dh } = parseProtocolName(protocolName, EXTRA_FUNCTIONS)
  return dh.generateKeyPair(() => hexToBytes(privateHex))
}

function party(v: NoiseVector, initiator: boolean) {
  const prefix = initiator ? 'init' : 'resp'
  const staticKey = keyPair(v.protocol_name, v[`${prefix}_static`])
  const remote = v[`${prefix}_remote_static`]
  const psks = v[`${prefix}_psks`]
  const ephemeral = v[`${prefix}_ephemeral`]
  return createHandshake({
    protocolName: v.protocol_name,
    initiator,
    prologue: hexToBytes(v[`${prefix}_prologue`]),
    ...(staticKey ? { staticKeyPair: staticKey } : {}),
    ...(remote ? { remoteStaticKey: hexToBytes(remote) } : {}),
    ...(psks ? { psks: psks.map((p) => hexToBytes(p)) } : {}),
    ...(ephemeral ? { random: () => hexToBytes(ephemeral) } : {}),
    functions: EXTRA_FUNCTIONS,
  })
}

function runVector(v: NoiseVector): void {
  const initiator = party(v, true)
  const responder = party(v, false)
  const handshakeLength = initiator.protocol.pattern.messages.length
  let initiatorKeys: HandshakeResult | undefined
  let responderKeys: HandshakeResult | undefined
  v.messages.forEach((message, i) => {
    const payload = hexToBytes(message.payload)
    const initiatorSends = initiator.protocol.pattern.oneWay || i % 2 === 0
    if (i < handshakeLength) {
      const [writer, reader] = initiatorSends ? [initiator, responder] : [responder, initiator]
      const ciphertext = writer.writeMessage(payload)
      expect(bytesToHex(ciphertext), `handshake message ${i}`).toBe(message.ciphertext)
      expect(bytesToHex(reader.readMessage(ciphertext)), `handshake payload ${i}`).toBe(
        message.payload,
      )
      if (i === handshakeLength - 1) {
        initiatorKeys = initiator.split()
        responderKeys = responder.split()
        if (v.handshake_hash !== undefined) {
          expect(bytesToHex(initiatorKeys.handshakeHash)).toBe(v.handshake_hash)
          expect(bytesToHex(responderKeys.handshakeHash)).toBe(v.handshake_hash)
        }
      }
      return
    }
    if (initiatorKeys === undefined || responderKeys === undefined)
      throw new Error('no transport keys')
    const [sender, receiver] = initiatorSends
      ? [initiatorKeys, responderKeys]
      : [responderKeys, initiatorKeys]
    const ciphertext = sender.send.encryptWithAd(new Uint8Array(0), payload)
    expect(bytesToHex(ciphertext), `transport message ${i}`).toBe(message.ciphertext)
    expect(bytesToHex(receiver.receive.decryptWithAd(new Uint8Array(0), ciphertext))).toBe(
      message.payload,
    )
  })
  expect(initiatorKeys, 'the vector completes its handshake').toBeDefined()
}

describe(`Noise vectors from ${path}`, () => {
  test('the file holds vectors for implemented protocols', () => {
    expect(applicable.length).toBeGreaterThan(0)
  })

  applicable.forEach((v, index) => {
    test(`#${index} ${v.protocol_name}`, () => {
      runVector(v)
      passed += 1
    })
  })

  afterAll(() => {
    const skipped = vectors.length - applicable.length
    console.log(
      `Noise conformance: ${passed}/${applicable.length} vectors passed` +
        (skipped > 0 ? ` (${skipped} vectors name protocols this package does not implement)` : ''),
    )
  })
})
