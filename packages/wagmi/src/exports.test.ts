/**
 * The public run-time exports of @tessera/wagmi (docs/STYLE.md#9-explicit-exports), and the
 * connector's type constant, which wagmi apps match on.
 */
import { expect, test } from 'vitest'
import * as wagmi from './index.ts'

test('the public run-time exports', () => {
  expect(Object.keys(wagmi).sort()).toEqual(['tessera'])
  expect(wagmi.tessera.type).toBe('tessera')
})
