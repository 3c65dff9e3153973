/**
 * The network guard itself records non-loopback attempts (so a passing interop test means something).
 */
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { guardNetwork } from './networkGuard.ts'

describe('network guard', () => {
  it('records non-loopback sockets, DNS lookups and fetches, and ignores loopback', async () => {
    const guard = guardNetwork()
    try {
      const s = net.connect({ host: '192.0.2.1', port: 9 })
      s.on('error', () => {})
      s.destroy()
      const local = net.connect(9, '127.0.0.1')
      local.on('error', () => {})
      local.destroy()
      await fetch('http://192.0.2.2:81/x', { signal: AbortSignal.abort() }).catch(() => {})
      expect(guard.attempts).toContain('socket 192.0.2.1:9')
      expect(guard.attempts).toContain('fetch 192.0.2.2:81')
      expect(guard.attempts.some((a) => a.includes('127.0.0.1'))).toBe(false)
    } finally {
      guard.restore()
    }
  })
})
