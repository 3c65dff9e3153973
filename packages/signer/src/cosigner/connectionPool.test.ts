/**
 * The pool's bookkeeping with stand-in connections (the real co-signer's are in
 * createCosignerLink.test.ts): the per-connection run limit, a connection retired by a failed run
 * closing only once the other runs on it ended, and a failed open leaving nothing behind.
 */
import type { CosignerConnection } from '@tessera/cosigner-client'
import { expect, test } from 'vitest'
import { createConnectionPool } from './connectionPool.ts'

function fakeConnections() {
  const opened: { token: string; closes: number; drop(): void }[] = []
  let refuse = false
  const open = async (token: string): Promise<CosignerConnection> => {
    if (refuse) throw new Error('refused')
    let drop = () => {}
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      drop = () => resolve({ code: 1006, reason: '' })
    })
    const record = { token, closes: 0, drop }
    opened.push(record)
    return {
      session: { sub: 's', dapp: 'd', exp: 0 },
      stream: () => {
        throw new Error('not used')
      },
      closed,
      close: () => {
        record.closes++
        drop()
      },
    }
  }
  const setRefuse = (on: boolean) => {
    refuse = on
  }
  return { opened, open, refuse: setRefuse }
}

const never = () => () => {}
/** Lets the pool's `opening.then(close)` and `closed.then(…)` callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

test('at most maxStreams runs per connection; a failed run retires its connection once the others end', async () => {
  const fake = fakeConnections()
  const pool = createConnectionPool({ open: fake.open, maxStreams: 2, idleMs: 1, timer: never })
  const [a, b, c] = await Promise.all([pool.acquire('t'), pool.acquire('t'), pool.acquire('t')])
  expect(fake.opened).toHaveLength(2)
  expect(a?.connection).toBe(b?.connection)
  expect(c?.connection).not.toBe(a?.connection)

  a?.release(false)
  await settle()
  expect(fake.opened[0]?.closes).toBe(0)
  // Retired: a new run does not join it, it goes on the other connection.
  const d = await pool.acquire('t')
  expect(d.connection).toBe(c?.connection)
  b?.release(true)
  await settle()
  expect(fake.opened[0]?.closes).toBe(1)
  // A release twice counts once.
  b?.release(true)
  c?.release(true)
  d.release(true)
  await settle()
  expect(fake.opened.map((o) => o.closes)).toEqual([1, 0])
  pool.close()
  await settle()
  expect(fake.opened.map((o) => o.closes)).toEqual([1, 1])
})

test('a failed open fails its runs only; the next run opens again', async () => {
  const fake = fakeConnections()
  const pool = createConnectionPool({ open: fake.open, maxStreams: 4, idleMs: 1, timer: never })
  fake.refuse(true)
  await expect(Promise.all([pool.acquire('t'), pool.acquire('t')])).rejects.toThrow('refused')
  expect(pool.size).toBe(0)
  fake.refuse(false)
  const lease = await pool.acquire('t')
  expect(fake.opened).toHaveLength(1)
  // Dropped under a run: the run's release is harmless, the next run opens a new connection.
  fake.opened[0]?.drop()
  await settle()
  expect(pool.size).toBe(0)
  lease.release(true)
  await pool.acquire('t')
  expect(fake.opened).toHaveLength(2)
})
