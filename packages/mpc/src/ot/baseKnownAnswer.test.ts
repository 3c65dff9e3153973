/**
 * Known-answer test for the endemic base OT: a seeded sid, choice bits and RNGs give pinned
 * SHA-256 digests of both messages and of every pad. Pinned with the original noble-based code,
 * so any change of curve arithmetic underneath must leave every byte unchanged.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import { seededRng } from '../test/rng.ts'
import { baseOtChoose, baseOtReceive, baseOtSend } from './base.ts'

const digest = (bytes: Uint8Array) => bytesToHex(sha256(bytes))

test('base OT messages and pads are pinned (deterministic RNG)', () => {
  const sid = seededRng('base OT KAT sid')(32)
  const choices = seededRng('base OT KAT choices')(32)
  const { message, state } = baseOtChoose(sid, choices, seededRng('base OT KAT receiver'))
  const sent = baseOtSend(sid, message, 1, seededRng('base OT KAT sender'))
  const pads = baseOtReceive(state, sent.message, 2)
  expect({
    r: digest(message.r),
    a: digest(sent.message.a),
    pads0: digest(sent.pads0),
    pads1: digest(sent.pads1),
    pads: digest(pads),
  }).toEqual({
    r: '85f2a26ad83e3a47152d701c23da10f218ccb4ed1235c3afbf6e4ad4e6ea7509',
    a: '8d1b34e570cddeb5573934ec97997dd3121c21240f515aed9846e449eceadb4e',
    pads0: 'b28321a9bff63c5d3d3ab82febb0bd923e23db245e6871cc8e57076659844588',
    pads1: '0008673027a812d6d698c80bcac4e9c17fc1a1b18d0977160d7d12ee1f5bd138',
    pads: '004b25d2ea8d0ce0aac4a38b57884aa8e558ec8d7008c6927d2f07276146c283',
  })
})
