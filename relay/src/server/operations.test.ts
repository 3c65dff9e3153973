/**
 * Operations: JSON logs without message contents or tokens; pings and dropping silent clients;
 * a failed start releases what it opened.
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { RelayTestClient } from '../../test/client.ts'
import { testRelay, topicOf } from '../../test/harness.ts'
import { newIdentity, signJwt } from '../../test/jwt.ts'
import { rawSocket, upgradeRefusal } from '../../test/rawSocket.ts'
import { until } from '../../test/until.ts'
import { DEFAULTS } from '../config.ts'
import { openFileStore } from '../mailbox/fileStore.ts'
import { startRelay } from '../startRelay.ts'

describe('operations', () => {
  it('writes JSON logs that never contain message contents or tokens', async () => {
    const lines: string[] = []
    const relay = await testRelay({ logLevel: 'debug' }, { logSink: (l) => lines.push(l) })
    const secret = 'c2VjcmV0LWNpcGhlcnRleHQtZG8tbm90LWxvZw'
    const [a, b] = [
      new RelayTestClient({ url: relay.url }),
      new RelayTestClient({ url: relay.url }),
    ]
    try {
      await a.connect()
      await b.connect()
      const t = topicOf()
      await b.request('irn_subscribe', { topic: t })
      await a.publish(t, secret)
      await b.waitForMessages(1)
      const s = await rawSocket(relay.url)
      s.ws.send(
        `{"id":1,"method":"irn_publish","params":{"topic":"${t}","message":"${secret}x","ttl":"x"}}`,
      )
      await s.next()
      s.ws.close()
      const token = signJwt(newIdentity(), { aud: 'ws://elsewhere' })
      await upgradeRefusal(relay.url, `/?auth=${token}`)
    } finally {
      await a.close()
      await b.close()
      await relay.stop()
    }
    expect(lines.length).toBeGreaterThanOrEqual(2)
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>
      expect(entry).toMatchObject({ level: expect.any(String), event: expect.any(String) })
      expect(line).not.toContain(secret)
      expect(line).not.toContain('eyJ')
    }
    expect(lines.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(
      expect.arrayContaining(['relay_started', 'relay_stopped']),
    )
  })

  it('pings every interval and drops a client that stops answering', async () => {
    expect(DEFAULTS.pingIntervalMs).toBeGreaterThanOrEqual(20_000)
    expect(DEFAULTS.pingIntervalMs).toBeLessThanOrEqual(30_000)
    const relay = await testRelay({ pingIntervalMs: 150 })
    try {
      const url = `${relay.url}/?auth=${signJwt(newIdentity(), { aud: relay.url })}`
      const live = new WebSocket(url)
      let pings = 0
      const twoPings = new Promise<void>((resolve) =>
        live.on('ping', () => {
          if (++pings === 2) resolve()
        }),
      )
      await twoPings
      const mute = new WebSocket(url)
      await new Promise((resolve) => mute.once('open', resolve))
      // A paused socket reads nothing, so it never answers the relay's pings.
      mute.pause()
      await until(() => relay.metrics.connections === 1, 'the mute client to be dropped', 3000)
      expect(live.readyState).toBe(WebSocket.OPEN)
      live.close()
      mute.terminate()
    } finally {
      await relay.stop()
    }
  })

  it('releases its data directory when it cannot listen', async () => {
    const first = await testRelay()
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-nolisten-'))
    try {
      await expect(startRelay({ port: first.port, dataDir, logLevel: 'silent' })).rejects.toThrow(
        `port ${first.port} on 127.0.0.1 is in use`,
      )
      const store = openFileStore({ dir: dataDir })
      await store.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
      await first.stop()
    }
  })
})
