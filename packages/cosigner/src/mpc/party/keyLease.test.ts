/**
 * The key lock of a share-changing run is a short lease (keyLease.ts): two co-signer "processes"
 * (two MpcChannel instances on two handles of one PostgreSQL database) contend for one key, with
 * an injected clock and hand-run renewal tickers (no sleeps). A holder that dies without
 * releasing blocks the key for exactly one lease; a live holder that keeps renewing is never
 * pre-empted, however long its run; a closed socket keeps the lock until the step in flight has
 * settled; a holder that froze past its lease is told its lock lapsed.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '../../storage/database.ts'
import { type Answer, logBook, manualTicker, openDriver } from '../../test/channelDriver.ts'
import { ENGINES, type TestStore } from '../../test/engines.ts'
import { createTestParty } from '../../test/testParty.ts'

const LEASE = 30_000
const IDENTITY = 'wechat:app:o-lease'
let counter = 0
const sid = () => (++counter).toString(16).padStart(64, 'a')
const refresh = (s: string, keyId: string) => ({
  sid: s,
  protocol: 'test-refresh',
  round: 1,
  keyId,
  payload: new Uint8Array(0),
})
const busy = (s: string, keyId: string): Answer => ({
  sid: s,
  protocol: 'test-refresh',
  round: 1,
  error: {
    code: 'KeyBusy',
    message: `key ${keyId} is busy with another share-changing operation (test-refresh); test-refresh refused`,
    retryable: true,
  },
})
const done = (s: string): Answer => ({
  sid: s,
  protocol: 'test-refresh',
  round: 1,
  payload: 'AQ',
})

describe('key lock lease across two co-signer processes on one database', () => {
  let store: TestStore
  let other: Database
  const clock = { now: Date.UTC(2026, 10, 22) }
  const logs = logBook()
  beforeAll(async () => {
    const postgres = ENGINES.find((e) => e.name === 'postgres')
    store = await (postgres as (typeof ENGINES)[number]).open()
    other = await store.reopen()
  }, 60_000)
  afterAll(() => store?.cleanup())

  async function process(db: Database, party = createTestParty()) {
    const tick = manualTicker()
    const driver = await openDriver({
      db,
      party: party.party,
      now: () => clock.now,
      ticker: tick.ticker,
      lockLeaseMs: LEASE,
      identity: IDENTITY,
      logs,
    })
    return { driver, tick, party }
  }

  const holder = async (db: Database, keyId: string) =>
    (await db.query<{ holder: string }>('SELECT holder FROM key_locks WHERE key_id = $1', [keyId]))
      .map((r) => r.holder)
      .join()

  /** Resolves once a stream ended after log line `from` with `reason` and its lock released. */
  const released = (from: number, reason: string) =>
    logs.waitFor(
      (line) =>
        line.includes('"event":"mpc_stream_end"') &&
        line.includes(`"reason":"${reason}"`) &&
        line.includes('"lockReleased":true'),
      from,
    )

  /** B asks for the key with a fresh sid and gets `KeyBusy`. */
  async function refused(b: Awaited<ReturnType<typeof process>>, keyId: string) {
    const s = sid()
    await b.driver.send(refresh(s, keyId))
    expect(await b.driver.next()).toEqual(busy(s, keyId))
  }

  test('a holder that dies without releasing blocks the key for one lease, then the other process takes it', async () => {
    const a = await process(store.db)
    const b = await process(other)
    const sa = sid()
    await a.driver.send(refresh(sa, 'k-dead'))
    await a.party.waitingRuns(1)
    expect(a.tick.intervals()).toEqual([LEASE / 3])
    // Process A dies here: no release, no renewal, nothing more runs in it.
    await refused(b, 'k-dead')
    clock.now += LEASE - 1
    await refused(b, 'k-dead')
    expect(await holder(other, 'k-dead')).toBe(sa)
    clock.now += 1
    const sb = sid()
    await b.driver.send(refresh(sb, 'k-dead'))
    await b.party.waitingRuns(1)
    expect(await holder(other, 'k-dead')).toBe(sb)
    b.party.releaseAll()
    expect(await b.driver.next()).toEqual(done(sb))
  })

  test('a live holder that keeps renewing is never pre-empted, however long its run', async () => {
    const a = await process(store.db)
    const b = await process(other)
    const sa = sid()
    await a.driver.send(refresh(sa, 'k-live'))
    await a.party.waitingRuns(1)
    // Four leases long: every third of a lease, A renews; B is refused every time.
    for (let i = 0; i < 12; i++) {
      clock.now += LEASE / 3
      await a.tick.tick()
      await refused(b, 'k-live')
    }
    expect(await holder(other, 'k-live')).toBe(sa)
    const before = logs.lines.length
    a.party.releaseAll()
    expect(await a.driver.next()).toEqual(done(sa))
    await released(before, 'done')
    const sb = sid()
    await b.driver.send(refresh(sb, 'k-live'))
    await b.party.waitingRuns(1)
    b.party.releaseAll()
    expect(await b.driver.next()).toEqual(done(sb))
  })

  test('a closed socket keeps the lock (renewed) until its step in flight settles, then releases it', async () => {
    const a = await process(store.db)
    const b = await process(other)
    const sa = sid()
    await a.driver.send(refresh(sa, 'k-close'))
    await a.party.waitingRuns(1)
    const before = logs.lines.length
    a.driver.closed()
    expect(a.party.aborted).toContain('test-refresh:socket closed')
    clock.now += LEASE / 3
    await a.tick.tick()
    clock.now += LEASE / 3
    await a.tick.tick()
    clock.now += LEASE / 3
    await refused(b, 'k-close')
    expect(await holder(other, 'k-close')).toBe(sa)
    a.party.releaseAll()
    await released(before, 'socket closed')
    expect(await holder(other, 'k-close')).toBe('')
    expect(a.tick.intervals()).toEqual([])
    const sb = sid()
    await b.driver.send(refresh(sb, 'k-close'))
    await b.party.waitingRuns(1)
    b.party.releaseAll()
    expect(await b.driver.next()).toEqual(done(sb))
  })

  test('a holder frozen past its lease loses it: its run is aborted with KeyBusy (retryable)', async () => {
    const a = await process(store.db)
    const b = await process(other)
    const sa = sid()
    await a.driver.send(refresh(sa, 'k-frozen'))
    await a.party.waitingRuns(1)
    clock.now += LEASE
    const sb = sid()
    await b.driver.send(refresh(sb, 'k-frozen'))
    await b.party.waitingRuns(1)
    // A wakes up: its renewal finds the lease taken.
    await a.tick.tick()
    expect(await a.driver.next()).toEqual({
      sid: sa,
      protocol: 'test-refresh',
      round: 1,
      error: {
        code: 'KeyBusy',
        message:
          'the lock on key k-frozen lapsed before the test-refresh run finished; the run is aborted: start it again',
        retryable: true,
      },
    })
    expect(a.party.aborted).toContain('test-refresh:lock lapsed')
    expect(a.tick.intervals()).toEqual([])
    expect(await holder(other, 'k-frozen')).toBe(sb)
    a.party.releaseAll()
    b.party.releaseAll()
    expect(await b.driver.next()).toEqual(done(sb))
  })
})
