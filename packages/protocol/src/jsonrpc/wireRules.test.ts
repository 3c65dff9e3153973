import { expect, test } from 'vitest'
import { MAX_SESSION_MESSAGE_BYTES, WIRE_RULES } from './wireRules.ts'

test('every kind has a TTL, a distinct tag and a size limit', () => {
  expect(Object.keys(WIRE_RULES).sort()).toEqual(['error', 'notification', 'request', 'result'])
  const tags = Object.values(WIRE_RULES).map((rule) => rule.tag)
  expect(new Set(tags).size).toBe(tags.length)
  for (const rule of Object.values(WIRE_RULES)) {
    expect(Number.isSafeInteger(rule.ttl) && rule.ttl > 0).toBe(true)
    expect(rule.maxBytes).toBeGreaterThan(0)
  }
})

test('requests and results fill at most one envelope: 65,535-byte Noise message minus the tag', () => {
  expect(WIRE_RULES.request.maxBytes).toBe(65_535 - 16)
  expect(WIRE_RULES.result.maxBytes).toBe(65_535 - 16)
  expect(MAX_SESSION_MESSAGE_BYTES).toBe(65_519)
})

test('requests live as long as the default 5-minute request deadline', () => {
  expect(WIRE_RULES.request.ttl).toBe(300)
})

test('the table cannot be changed at run time', () => {
  expect(Object.isFrozen(WIRE_RULES)).toBe(true)
  expect(Object.isFrozen(WIRE_RULES.request)).toBe(true)
})
