/**
 * Test utility: one MpcChannel (mpc/channel/createMpcChannel.ts) driven in memory, without a socket or an HTTP
 * server — as one co-signer process would run it — with a Noise IK initiator on the signer's
 * side, a stub session check, and its sends and closes captured. Several drivers on handles of
 * one database stand in for several co-signer processes; an injected clock and ticker make lease
 * expiry a matter of setting numbers, never of waiting. A driver that is simply no longer fed
 * (no `closed()`, no ticks) is a process that died.
 */

import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import {
  createHandshake,
  createTransport,
  generateKeyPair,
  type KeyPair,
  type Transport,
} from '@tessera/noise'
import {
  decodeCosignerFrame,
  encodeCosignerFrame,
  COSIGNER_CHANNEL_RULES as RULES,
} from '@tessera/protocol/cosigner'
import { createKeyring, masterKey } from '../crypto/masterKey.ts'
import type { Session } from '../jwt/sessionToken.ts'
import { createLogger } from '../log.ts'
import { createMetrics } from '../metrics.ts'
import { createMpcChannel } from '../mpc/channel/createMpcChannel.ts'
import { openMessage, sealMessage } from '../mpc/channel/sealedMessages.ts'
import type { Ticker } from '../mpc/party/keyLease.ts'
import type { MpcPartyFactory } from '../mpc/party/partyServices.ts'
import type { Database } from '../storage/database.ts'
import { type FrameView, frameOf, viewOf } from './frameView.ts'

/** A ticker the test runs by hand: `tick()` runs every scheduled job once and waits for it. */
export function manualTicker() {
  const jobs = new Map<() => Promise<void>, number>()
  const ticker: Ticker = {
    every(ms, fn) {
      jobs.set(fn, ms)
      return () => jobs.delete(fn)
    },
  }
  return {
    ticker,
    /** Intervals of the jobs scheduled now. */
    intervals: () => [...jobs.values()],
    async tick() {
      await Promise.all([...jobs.keys()].map((fn) => fn()))
    },
  }
}

/** Captured log lines, and a wait for the first line from `from` on that `match` accepts. */
export function logBook() {
  const lines: string[] = []
  const listeners = new Set<() => void>()
  return {
    lines,
    write(line: string) {
      lines.push(line)
      for (const listener of listeners) listener()
    },
    waitFor(match: (line: string) => boolean, from = 0): Promise<string> {
      return new Promise((resolve) => {
        const check = () => {
          const found = lines.slice(from).find(match)
          if (found === undefined) return false
          listeners.delete(listener)
          resolve(found)
          return true
        }
        const listener = () => void check()
        if (!check()) listeners.add(listener)
      })
    },
  }
}

export type LogBook = ReturnType<typeof logBook>

export interface DriverOptions {
  db: Database
  party: MpcPartyFactory
  now: () => number
  ticker: Ticker
  lockLeaseMs: number
  identity: string
  logs: LogBook
  roundTimeoutMs?: number
}

export type Answer = FrameView

export async function openDriver(options: DriverOptions) {
  const server: KeyPair = generateKeyPair()
  const answers: Answer[] = []
  const waiters: ((a: Answer) => void)[] = []
  let closedWith: { code: number; reason: string } | undefined
  let reply: Uint8Array | undefined
  let transport: Transport | undefined
  const session: Session = {
    sub: options.identity,
    dapp: 'demo',
    amr: 'wechat',
    jti: 'jti-test',
    iat: Math.floor(options.now() / 1000),
    exp: Math.floor(options.now() / 1000) + 86_400,
  }
  const log = createLogger('debug', {}, options.logs.write)
  const channel = createMpcChannel(
    {
      send(bytes) {
        if (transport === undefined) {
          reply = bytes
          return
        }
        const opened = openMessage(transport, bytes)
        if ('refused' in opened) throw new Error(opened.refused)
        const answer = viewOf(decodeCosignerFrame(opened.plaintext))
        const waiter = waiters.shift()
        if (waiter) waiter(answer)
        else answers.push(answer)
      },
      close(code, reason) {
        closedWith = { code, reason }
      },
    },
    {
      staticKey: server,
      verifyToken: async () => session,
      party: options.party({
        db: options.db,
        keyring: createKeyring(masterKey(randomBytes(32))),
        now: options.now,
        log,
        lockLeaseMs: options.lockLeaseMs,
        ticker: options.ticker,
      }),
      now: options.now,
      roundTimeoutMs: options.roundTimeoutMs ?? 600_000,
      maxStreams: 4,
      log,
      metrics: createMetrics(),
    },
  )
  const hs = createHandshake({
    protocolName: RULES.noiseProtocol,
    initiator: true,
    staticKeyPair: generateKeyPair(),
    remoteStaticKey: server.publicKey,
  })
  await channel.receive(hs.writeMessage(utf8ToBytes('token')))
  if (reply === undefined) throw new Error(`handshake refused: ${JSON.stringify(closedWith)}`)
  hs.readMessage(reply)
  transport = createTransport(hs.split())
  const signer = transport
  return {
    channel,
    get closedWith() {
      return closedWith
    },
    /** Seals and feeds one frame; resolves once the channel has taken it (not answered it). */
    send(frame: Parameters<typeof frameOf>[0]): Promise<void> {
      return channel.receive(sealMessage(signer, encodeCosignerFrame(frameOf(frame))))
    },
    /** The next answer or error frame. */
    next(): Promise<Answer> {
      const queued = answers.shift()
      if (queued) return Promise.resolve(queued)
      return new Promise((resolve) => waiters.push(resolve))
    },
    /** The socket closed (the signer went away): the channel aborts its runs. */
    closed: () => channel.closed(),
  }
}
