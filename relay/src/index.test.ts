/**
 * The public exports of @tessera/relay, listed so an accidental API change shows in review.
 */
import { describe, expect, it } from 'vitest'
import * as relay from './index.ts'

describe('public exports of @tessera/relay', () => {
  it('are exactly the documented ones', () => {
    expect(Object.keys(relay).sort()).toEqual([
      'ConfigError',
      'DEFAULTS',
      'DataDirLockedError',
      'OPTIONS',
      'loadConfig',
      'startRelay',
      'verifyRelayJwt',
    ])
  })
})
