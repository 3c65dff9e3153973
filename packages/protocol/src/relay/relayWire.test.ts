/**
 * Wire validation: topic syntax, frame parsing with verbatim ids, params with named fields.
 */
import { describe, expect, it } from 'vitest'
import {
  checkApproveSessionParams,
  checkBatchPublishParams,
  checkPublishParams,
  checkTopicListParams,
} from './params.ts'
import { parseClientFrame } from './parseClientFrame.ts'
import { isTopic } from './topic.ts'

const T = 'ab'.repeat(32)

describe('topic syntax', () => {
  it('accepts exactly 64 lowercase hex characters', () => {
    expect(isTopic(T)).toBe(true)
    for (const bad of [T.toUpperCase(), T.slice(1), `${T}0`, `g${T.slice(1)}`, 42, null]) {
      expect(isTopic(bad)).toBe(false)
    }
  })
})

describe('frame parsing', () => {
  it('keeps a 19-digit string id verbatim', () => {
    const f = parseClientFrame(
      '{"id":"1700000000000123456","jsonrpc":"2.0","method":"x","params":{}}',
    )
    expect(f).toEqual({ kind: 'request', id: '1700000000000123456', method: 'x', params: {} })
  })
  it('classifies acks and error responses', () => {
    expect(parseClientFrame('{"id":5,"result":true}')).toEqual({
      kind: 'response',
      id: 5,
      ok: true,
    })
    expect(parseClientFrame('{"id":5,"error":{}}')).toEqual({ kind: 'response', id: 5, ok: false })
  })
  it('rejects non-JSON, non-objects and bad ids with their codes', () => {
    expect(parseClientFrame('{')).toMatchObject({
      kind: 'invalid',
      id: null,
      error: { code: -32700 },
    })
    expect(parseClientFrame('[1]')).toMatchObject({ kind: 'invalid', error: { code: -32600 } })
    expect(parseClientFrame('{"id":1.5,"method":"x"}')).toMatchObject({ error: { code: -32600 } })
    expect(parseClientFrame('{"id":1,"method":7}')).toMatchObject({
      id: 1,
      error: { code: -32600 },
    })
  })
})

describe('params', () => {
  it('accepts a publish with unknown fields and drops them', () => {
    const checked = checkPublishParams({
      topic: T,
      message: 'm',
      ttl: 300,
      tag: 1100,
      prompt: true,
      x: 1,
    })
    expect(checked).toEqual({ ok: true, value: { topic: T, message: 'm', ttl: 300, tag: 1100 } })
  })
  it('names the offending field', () => {
    expect(checkPublishParams({ topic: T, message: 'm', ttl: '300' })).toEqual({
      ok: false,
      detail: 'ttl must be a positive integer (seconds)',
    })
    expect(checkTopicListParams({ topics: [T, 'zz'] })).toMatchObject({ ok: false })
    expect(checkBatchPublishParams({ messages: [{ topic: T }] })).toEqual({
      ok: false,
      detail: 'messages[]: message must be a non-empty string',
    })
    expect(checkApproveSessionParams({ sessionTopic: T, pairingTopic: T })).toEqual({
      ok: false,
      detail: 'sessionProposalResponse must be a non-empty string',
    })
  })
})
