import { describe, expect, test } from 'vitest'
import { createDedupe } from './createDedupe.ts'

const topicA = 'aa'.repeat(32)
const topicB = 'bb'.repeat(32)

describe('createDedupe', () => {
  test('a repeat of topic and message is refused; the same message on another topic is not', () => {
    const dedupe = createDedupe(10)
    expect(dedupe.first(topicA, 'm')).toBe(true)
    expect(dedupe.first(topicA, 'm')).toBe(false)
    expect(dedupe.first(topicB, 'm')).toBe(true)
  })

  test('memory is bounded: the oldest digest is forgotten first', () => {
    const dedupe = createDedupe(3)
    for (const m of ['1', '2', '3', '4']) expect(dedupe.first(topicA, m)).toBe(true)
    expect(dedupe.size).toBe(3)
    expect(dedupe.first(topicA, '4')).toBe(false)
    expect(dedupe.first(topicA, '2')).toBe(false)
    expect(dedupe.first(topicA, '1')).toBe(true)
  })

  test('refuses a capacity that is not a positive integer', () => {
    expect(() => createDedupe(0)).toThrow(
      new RangeError('"capacity" expected a positive integer, got 0'),
    )
  })
})
