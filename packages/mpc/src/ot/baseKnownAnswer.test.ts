/**
 * Known-answer test for the endemic base OT: a seeded sid, choice bits and RNGs give pinned
 * SHA-256 digests of both messages and of every pad. The receiver's message is as first pinned
 * with the original noble-based code; A and the pads were re-pinned when the sender went to one
 * key for the batch (one 32-byte A; `base.test.ts` checks the new pads against noble's
 * arithmetic). Any change of curve arithmetic underneath must leave every byte unchanged.
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
    a: 'ab8270891e8ac8121868351291d9ebd01848fc59230fdf929264e21069cb8607',
    pads0: '4a69a5219d140c1981dc7b59bb8f50873e8135935e0d018681e63e407b9a46c1',
    pads1: '13ab402c68d87bf6d3cb830171a6ea2cdff08aed551a17f274f347dd18d550ed',
    pads: '043ea52165475af7ec19253eba9d2dd94547a421c1bf14980566a448065e6ee2',
  })
})
