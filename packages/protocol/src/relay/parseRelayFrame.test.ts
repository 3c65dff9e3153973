import { describe, expect, test } from 'vitest'
import { RELAY_DEFAULT_MAX_FRAME_BYTES } from './limits.ts'
import { parseRelayFrame } from './parseRelayFrame.ts'

const topic = 'ab'.repeat(32)
const push = (data: Record<string, unknown>, id: unknown = 7) =>
  JSON.stringify({ id, jsonrpc: '2.0', method: 'irn_subscription', params: { id: 'sub', data } })

describe('parseRelayFrame (RELAY.md "Methods")', () => {
  test('a push with every field', () => {
    expect(
      parseRelayFrame(push({ topic, message: 'AQ==', publishedAt: 5, attestation: '', tag: 7100 })),
    ).toEqual({
      kind: 'push',
      id: 7,
      subscriptionId: 'sub',
      data: { topic, message: 'AQ==', publishedAt: 5, tag: 7100 },
    })
  })

  test('responses keep the id as the string we sent', () => {
    expect(parseRelayFrame('{"id":"1700000000000000001","jsonrpc":"2.0","result":true}')).toEqual({
      kind: 'result',
      id: '1700000000000000001',
      result: true,
    })
    expect(
      parseRelayFrame('{"id":"12","error":{"code":-32001,"message":"Rate limited: per client"}}'),
    ).toEqual({ kind: 'error', id: '12', code: -32001, message: 'Rate limited: per client' })
  })

  test('a request other than irn_subscription is answered as unknown', () => {
    expect(parseRelayFrame('{"id":3,"method":"irn_other","params":{}}')).toEqual({
      kind: 'unknown_method',
      id: 3,
    })
  })

  test.each([
    ['not text', 42, undefined, 'frame is not text'],
    ['not JSON', '{', undefined, 'frame is not JSON'],
    ['an array', '[]', undefined, 'frame is not an object'],
    ['no id', '{"result":true}', undefined, 'frame has no valid id'],
    ['a fractional id', '{"id":1.5,"result":true}', undefined, 'frame has no valid id'],
    ['no result or error', '{"id":"1"}', '1', 'response has neither result nor a valid error'],
    [
      'a bad topic',
      push({ topic: 'AB'.repeat(32), message: 'x', publishedAt: 1 }),
      7,
      'data.topic must be 64 lowercase hex characters',
    ],
    [
      'an empty message',
      push({ topic, message: '', publishedAt: 1 }),
      7,
      'data.message must be a non-empty string',
    ],
    ['no publishedAt', push({ topic, message: 'x' }), 7, 'data.publishedAt must be a number'],
    [
      'a negative tag',
      push({ topic, message: 'x', publishedAt: 1, tag: -1 }),
      7,
      'data.tag must be a non-negative integer',
    ],
  ])('refuses %s', (_label, frame, id, reason) => {
    expect(parseRelayFrame(frame)).toEqual({ kind: 'invalid', id, reason })
  })

  test('refuses an oversize frame before parsing it', () => {
    expect(parseRelayFrame(' '.repeat(RELAY_DEFAULT_MAX_FRAME_BYTES + 1))).toEqual({
      kind: 'invalid',
      id: undefined,
      reason: 'frame is too large',
    })
  })
})
