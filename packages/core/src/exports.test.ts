import { expect, test } from 'vitest'
import * as core from './index.ts'

test('the public run-time exports (a change here is an API change)', () => {
  expect(Object.keys(core).sort()).toEqual([
    'DEFAULT_REQUEST_TIMEOUT_MS',
    'DEFAULT_SESSION_TTL_SECONDS',
    'MAX_SESSION_PLAINTEXT_BYTES',
    'PairingError',
    'RelayError',
    'createEmitter',
    'createIndexedDbSessionStore',
    'createMemorySessionStore',
    'createPairing',
    'createRelayClient',
    'createSession',
    'loadRelayIdentity',
    'pairWithUri',
    'relayIdentityFromSeed',
    'restoreSessions',
  ])
  expect(core.MAX_SESSION_PLAINTEXT_BYTES).toBe(65_519)
})
