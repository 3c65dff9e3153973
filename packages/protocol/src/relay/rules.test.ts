/**
 * The relay rules table: frozen, each method's validator in place, error bodies as the relay
 * sends them (never the `retryable` flag), the retryable codes, and a push the relay encodes is
 * one a client parses back.
 */
import { describe, expect, test } from 'vitest'
import {
  encodeRelayRequest,
  encodeRelayResponse,
  encodeSubscriptionPush,
} from './encodeRelayFrame.ts'
import { isRetryableRelayError, RELAY_ERRORS, relayErrorBody } from './errors.ts'
import { parseClientFrame } from './parseClientFrame.ts'
import { parseRelayFrame } from './parseRelayFrame.ts'
import { RELAY_RULES } from './rules.ts'

const topic = 'cd'.repeat(32)

describe('RELAY_RULES', () => {
  test('is frozen all the way down', () => {
    expect(Object.isFrozen(RELAY_RULES)).toBe(true)
    for (const value of Object.values(RELAY_RULES)) expect(Object.isFrozen(value)).toBe(true)
    for (const rule of Object.values(RELAY_RULES.methods)) expect(Object.isFrozen(rule)).toBe(true)
    for (const rule of Object.values(RELAY_ERRORS)) expect(Object.isFrozen(rule)).toBe(true)
  })

  test('names every method of RELAY.md', () => {
    expect(Object.keys(RELAY_RULES.methods).sort()).toEqual([
      'irn_batchFetchMessages',
      'irn_batchPublish',
      'irn_batchSubscribe',
      'irn_batchUnsubscribe',
      'irn_publish',
      'irn_subscribe',
      'irn_subscription',
      'irn_unsubscribe',
      'wc_approveSession',
      'wc_proposeSession',
    ])
    expect(RELAY_RULES.methods.wc_proposeSession.defaultTtl).toBe(300)
    expect(RELAY_RULES.tags).toEqual({
      sessionProposal: 1100,
      sessionProposalResponse: 1101,
      sessionSettlementRequest: 1102,
    })
    expect(RELAY_RULES.methods.irn_publish.params({ topic, message: 'm', ttl: 0 })).toEqual({
      ok: false,
      detail: 'ttl must be a positive integer (seconds)',
    })
  })

  test('TTL rule: positive integer seconds', () => {
    expect([1, 300, 86_400].every(RELAY_RULES.ttl.isValid)).toBe(true)
    expect([0, -1, 1.5, '300', Number.NaN].some(RELAY_RULES.ttl.isValid)).toBe(false)
    expect(RELAY_RULES.ttl.jwtSeconds).toBe(86_400)
  })
})

describe('relay error codes', () => {
  test('error bodies carry code and message only, with an optional detail', () => {
    expect(relayErrorBody('rateLimited', 'per client')).toEqual({
      code: -32001,
      message: 'Rate limited: too many publishes: per client',
    })
    expect(Object.keys(relayErrorBody('internal'))).toEqual(['code', 'message'])
  })

  test('rate limited, mailbox full and internal errors are retryable; the rest are not', () => {
    expect([-32001, -32004, -32603].every(isRetryableRelayError)).toBe(true)
    expect([-32700, -32600, -32601, -32602, -32002, -32003, 0].some(isRetryableRelayError)).toBe(
      false,
    )
  })
})

describe('relay frames both ways', () => {
  test('a push the relay encodes is the push a client reads', () => {
    const text = encodeSubscriptionPush(1_700_000_000_000_001, 'ef'.repeat(32), {
      topic,
      message: 'a"b\\c',
      publishedAt: 1_700_000_000_000,
      tag: 7100,
    })
    expect(JSON.parse(text)).toEqual({
      id: 1_700_000_000_000_001,
      jsonrpc: '2.0',
      method: 'irn_subscription',
      params: {
        id: 'ef'.repeat(32),
        data: {
          topic,
          message: 'a"b\\c',
          publishedAt: 1_700_000_000_000,
          attestation: '',
          tag: 7100,
        },
      },
    })
    expect(parseRelayFrame(text)).toEqual({
      kind: 'push',
      id: 1_700_000_000_000_001,
      subscriptionId: 'ef'.repeat(32),
      data: { topic, message: 'a"b\\c', publishedAt: 1_700_000_000_000, tag: 7100 },
    })
    const untagged = encodeSubscriptionPush(5, 'ef', { topic, message: 'm', publishedAt: 1 })
    expect(untagged).not.toContain('tag')
  })

  test('a request a client encodes is the request the relay reads; responses keep the id', () => {
    expect(
      parseClientFrame(encodeRelayRequest('1700000000000000001', 'irn_subscribe', { topic })),
    ).toEqual({
      kind: 'request',
      id: '1700000000000000001',
      method: 'irn_subscribe',
      params: { topic },
    })
    expect(encodeRelayResponse('12', { result: true })).toBe(
      '{"id":"12","jsonrpc":"2.0","result":true}',
    )
    expect(
      parseRelayFrame(encodeRelayResponse('12', { error: relayErrorBody('mailboxFull') })),
    ).toEqual({
      kind: 'error',
      id: '12',
      code: -32004,
      message: 'Mailbox full for this topic',
    })
    expect(encodeRelayResponse(null, { error: relayErrorBody('parse') })).toBe(
      '{"id":null,"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error: frame is not valid JSON"}}',
    )
  })
})
