/**
 * Fuzz: thousands of seeded random and mutated frames against a relay process leave it up, its
 * memory flat, and the deliveries between two well-behaved clients complete and in order.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { RelayTestClient } from './client.ts'
import { createFuzzer, type FuzzFrame } from './fuzzFrames.ts'
import { topicOf } from './harness.ts'
import { newIdentity, signJwt } from './jwt.ts'
import { type RelayProcess, rssMB, spawnRelay } from './relayProcess.ts'

const SEED = Number(process.env.RELAY_FUZZ_SEED ?? 20_251_121)
const ROUNDS = 50
const FRAMES_PER_ROUND = 100

let relay: RelayProcess | undefined
const dir = mkdtempSync(join(tmpdir(), 'relay-fuzz-'))
afterAll(async () => {
  await relay?.kill()
  rmSync(dir, { recursive: true, force: true })
})

/** A hostile socket: sends fuzz frames, then a sentinel request it waits for by id. */
function fuzzSocket(url: string) {
  let ws: WebSocket
  const closeCodes: number[] = []
  const waiting = new Map<string, () => void>()
  const open = async (): Promise<void> => {
    ws = new WebSocket(`${url}/?auth=${signJwt(newIdentity(), { aud: url })}`)
    ws.on('error', () => {})
    ws.on('close', (code) => {
      closeCodes.push(code)
    })
    ws.on('message', (data) => {
      let frame: { id?: unknown }
      try {
        frame = JSON.parse(data.toString()) as { id?: unknown }
      } catch {
        throw new Error('relay sent a frame that is not JSON')
      }
      waiting.get(String(frame.id))?.()
    })
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    })
  }
  return {
    open,
    get closeCodes() {
      return closeCodes
    },
    async round(frames: FuzzFrame[], sentinel: string, topic: string): Promise<void> {
      if (ws.readyState !== WebSocket.OPEN) await open()
      for (const f of frames) {
        if (typeof f === 'object' && 'invalidUtf8' in f) ws.send(f.invalidUtf8, { binary: false })
        else ws.send(f)
      }
      // The sentinel is answered on an open socket; if a socket-killing frame closes this one
      // first, the sentinel goes again on a fresh one (a bounded number of times).
      const frame = JSON.stringify({
        id: sentinel,
        jsonrpc: '2.0',
        method: 'irn_subscribe',
        params: { topic },
      })
      for (let attempt = 0; attempt < 3; attempt++) {
        if (ws.readyState !== WebSocket.OPEN) await open()
        const current = ws
        const outcome = await new Promise<'answered' | 'closed'>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('sentinel deadline exceeded')), 5000)
          const onClose = (): void => {
            clearTimeout(timer)
            resolve('closed')
          }
          current.once('close', onClose)
          waiting.set(sentinel, () => {
            clearTimeout(timer)
            current.off('close', onClose)
            resolve('answered')
          })
          current.send(frame)
        })
        if (outcome === 'answered') return
      }
      throw new Error('sentinel never answered on an open socket')
    },
    close: () => ws.close(),
  }
}

describe('fuzzing the relay', () => {
  it('stays up with flat memory and intact deliveries under 5,000 hostile frames', async () => {
    relay = await spawnRelay([
      '--port',
      '0',
      '--data-dir',
      dir,
      '--publish-per-sec-client',
      '100000',
      '--publish-per-sec-ip',
      '100000',
    ])
    const fuzzTopics = [topicOf(), topicOf(), topicOf(), topicOf()]
    const next = createFuzzer(SEED, fuzzTopics)
    const hostile = fuzzSocket(relay.url)
    await hostile.open()
    const alice = new RelayTestClient({ url: relay.url })
    const bob = new RelayTestClient({ url: relay.url })
    await alice.connect()
    await bob.connect()
    const t = topicOf()
    await bob.request('irn_subscribe', { topic: t })

    let rssAfterWarmup = 0
    for (let round = 0; round < ROUNDS; round++) {
      const frames = Array.from({ length: FRAMES_PER_ROUND }, next)
      await hostile.round(frames, `sentinel-${round}`, fuzzTopics[0] as string)
      await alice.publish(t, `good-${round}`)
      if (round === 9) rssAfterWarmup = await rssMB(relay.pid)
    }
    await bob.waitForMessages(ROUNDS)
    expect(bob.received.map((m) => m.message)).toEqual(
      Array.from({ length: ROUNDS }, (_, i) => `good-${i}`),
    )
    const rssAtEnd = await rssMB(relay.pid)
    // 4,000 frames after warm-up; the mailbox holds at most 4 × 1,000 small fuzz messages.
    expect(rssAtEnd - rssAfterWarmup).toBeLessThan(40)
    const health = await fetch(`${relay.url.replace('ws:', 'http:')}/health`)
    expect(health.status).toBe(200)
    // The fuzz reached every rejection path it aims at, and valid publishes got stored.
    const metrics = await (await fetch(`${relay.url.replace('ws:', 'http:')}/metrics`)).text()
    for (const reason of [
      'parse_error',
      'invalid_request',
      'invalid_params',
      'binary_frame',
      'unknown_method',
    ]) {
      expect(metrics).toMatch(new RegExp(`relay_rejections_total\\{reason="${reason}"\\} [1-9]`))
    }
    expect(metrics).toMatch(/relay_messages_in_total [1-9]\d{2,}/)
    console.log(
      `fuzz: rss ${rssAfterWarmup.toFixed(1)} → ${rssAtEnd.toFixed(1)} MB, hostile socket closes ${hostile.closeCodes.join(',')}`,
    )
    expect(relay.child.exitCode).toBe(null)
    // The rare socket-killing frames were sent and answered with their own close codes.
    expect(new Set(hostile.closeCodes)).toEqual(new Set([1007, 1009]))
    hostile.close()
    await alice.close()
    await bob.close()
  })
})
