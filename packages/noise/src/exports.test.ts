/**
 * The public run-time exports (docs/STYLE.md#9-explicit-exports: a change here is an API change,
 * seen in review).
 */
import { expect, test } from 'vitest'
import * as extra from './extra.ts'
import * as noise from './index.ts'
import * as transport from './transportEntry.ts'

test('the public run-time exports of @tessera/noise', () => {
  expect(Object.keys(noise).sort()).toEqual([
    'CipherState',
    'DEFAULT_FUNCTIONS',
    'HandshakeState',
    'MAX_MESSAGE_LENGTH',
    'MAX_NONCE',
    'NoiseError',
    'PATTERN_NAMES',
    'ReplayWindow',
    'TAG_LENGTH',
    'Transport',
    'createHandshake',
    'createTransport',
    'generateKeyPair',
    'parseProtocolName',
    'restoreTransport',
  ])
})

test('the public run-time exports of @tessera/noise/extra', () => {
  expect(Object.keys(extra).sort()).toEqual(['EXTRA_FUNCTIONS'])
})

test('the public run-time exports of @tessera/noise/transport (all also in the main entry)', () => {
  expect(Object.keys(transport).sort()).toEqual([
    'MAX_MESSAGE_LENGTH',
    'MAX_NONCE',
    'NoiseError',
    'TAG_LENGTH',
    'Transport',
    'createTransport',
    'restoreTransport',
  ])
  const main = new Map(Object.entries(noise))
  for (const [name, value] of Object.entries(transport)) expect(value).toBe(main.get(name))
})
