import { expect, test } from 'vitest'
import { TAGS } from './tags.ts'

test('every hash tag is unique and versioned ASCII', () => {
  const values = Object.values(TAGS)
  expect(new Set(values).size).toBe(values.length)
  for (const tag of values) expect(tag).toMatch(/^tessera\/v\d+\/[a-z0-9/_-]+$/)
})
