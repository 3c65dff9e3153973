/**
 * Known-answer test for the endemic base OT: a seeded sid, choice bits and RNGs give pinned
 * SHA-256 digests of both messages and of every pad. The receiver's message is as first pinned
 * with the original noble-based code; A and the pads were re-pinned when the sender went to one
 * key for the batch (one 32-byte A; `base.test.ts` checks the new pads against noble's
 * arithmetic). r and the pads were re-pinned again when the receiver's r_{1−b} became an element
 * derived from 64 random bytes instead of ρ·G (the same RNG bytes, another point; A unchanged).
 * Any change of curve arithmetic underneath must leave every byte unchanged.
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
    r: '052d4ad2a588ed5fc88e59f5f5033fc5651220b1aa2499f52413ec823bce80a2',
    a: 'ab8270891e8ac8121868351291d9ebd01848fc59230fdf929264e21069cb8607',
    pads0: '72c35c046da6dad53a4b7da62133acfa8368aecd74bfb6cc2ce6a168d381ca78',
    pads1: 'd7cd77805e194673ba4b884a32788409ca3971bcd6fd63dcc2d4d17fb44ef66b',
    pads: '0a51051df26a007c2e56cfdfc8cd79d8dc35541131827bd5b17d447c4962985b',
  })
})
