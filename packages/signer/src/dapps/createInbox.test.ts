/**
 * The inbox alone, with a manual clock: each item is answered exactly once (concurrent approvals,
 * approve after reject, after expiry), the deadline answers with the transport's expiry error, a
 * request that arrives past its deadline is answered without being shown, a failed signing is the
 * dapp's answer and approve's error, and an ended session's items leave unanswered by the user.
 */

import { describeRequest } from '@tessera/clear-signing'
import { createManualClock } from '@tessera/core/testing/manualClock'
import { expect, test } from 'vitest'
import { createInbox, type InboxEntry } from './createInbox.ts'

const clock = createManualClock(1_800_000_000_000)
const expired = new Error('expired!')

const entry = (overrides: Partial<InboxEntry> = {}): InboxEntry => ({
  session: { sessionId: 's1', transport: 'tessera', name: 'Dapp', origin: 'https://d.test' },
  method: 'personal_sign',
  chainId: 'eip155:1',
  account: { index: 0, address: '0x0000000000000000000000000000000000000001' },
  description: describeRequest({
    method: 'personal_sign',
    params: ['0x68', '0x0000000000000000000000000000000000000001'],
    chainId: 'eip155:1',
  }),
  expiresAt: clock.now() + 1000,
  execute: async () => '0xsigned',
  expiredError: () => expired,
  ...overrides,
})

test('concurrent approvals sign once; the second is AlreadyAnswered', async () => {
  const inbox = createInbox({ clock })
  let runs = 0
  const answer = inbox.enqueue(entry({ execute: async () => `0x${++runs}` }))
  const [item] = inbox.items()
  const first = item?.approve()
  await expect(item?.approve()).rejects.toMatchObject({ code: 'AlreadyAnswered' })
  expect(await first).toBe('0x1')
  expect(await answer).toBe('0x1')
  expect(runs).toBe(1)
  await expect(item?.reject()).rejects.toMatchObject({ code: 'AlreadyAnswered' })
})

test('reject answers 4001 once; the deadline answers with the expiry error', async () => {
  const inbox = createInbox({ clock })
  const outcomes: string[] = []
  inbox.events.on('answered', (a) => outcomes.push(a.outcome))
  const rejected = inbox.enqueue(entry())
  await inbox.items()[0]?.reject()
  await expect(rejected).rejects.toMatchObject({ code: 4001 })

  const late = inbox.enqueue(entry({ expiresAt: clock.now() + 1000 }))
  const item = inbox.items()[0]
  clock.advance(999)
  expect(inbox.items()).toHaveLength(1)
  clock.advance(1)
  await expect(late).rejects.toBe(expired)
  expect(inbox.items()).toEqual([])
  await expect(item?.approve()).rejects.toMatchObject({ code: 'Expired' })
  expect(outcomes).toEqual(['rejected', 'expired'])
})

test('a request already past its deadline is answered with the expiry error, never shown', async () => {
  const inbox = createInbox({ clock })
  let changes = 0
  inbox.events.on('change', () => changes++)
  await expect(inbox.enqueue(entry({ expiresAt: clock.now() }))).rejects.toBe(expired)
  expect(changes).toBe(0)
})

test('a failed signing is the answer and approve’s error; an ended session drops its items', async () => {
  const inbox = createInbox({ clock })
  const denied = new Error('co-signer policy: daily limit')
  const failing = inbox.enqueue(
    entry({
      execute: async () => {
        throw denied
      },
    }),
  )
  await expect(inbox.items()[0]?.approve()).rejects.toBe(denied)
  await expect(failing).rejects.toBe(denied)

  const dropped = inbox.enqueue(entry())
  const other = inbox.enqueue(entry({ session: { ...entry().session, sessionId: 's2' } }))
  inbox.drop('s1')
  await expect(dropped).rejects.toMatchObject({ code: 4900 })
  expect(inbox.items().map((i) => i.session.sessionId)).toEqual(['s2'])
  await inbox.items()[0]?.approve()
  expect(await other).toBe('0xsigned')
})

test('an item is described again in the language asked now, not the one it arrived in', async () => {
  const inbox = createInbox({ clock })
  const params = ['0x68656c6c6f', '0x0000000000000000000000000000000000000001']
  const calls: string[] = []
  const answer = inbox.enqueue(
    entry({
      describeIn: (locale) => {
        calls.push(locale)
        return describeRequest({ method: 'personal_sign', params, chainId: 'eip155:1', locale })
      },
    }),
  )
  const [item] = inbox.items()
  expect(item?.description.intent).toBe('Sign a message')
  expect(item?.describe('zh-CN').intent).toBe('签名一条消息')
  expect(item?.describe('zh-CN').fields.map((f) => f.label)).toEqual(['消息', '账户'])
  expect(item?.describe('en').intent).toBe('Sign a message')
  expect(calls).toEqual(['zh-CN', 'en']) // each language decoded once
  await item?.reject()
  await expect(answer).rejects.toMatchObject({ code: 4001 })

  // Without a way to describe again, every language gets the arrival description.
  const plain = inbox.enqueue(entry())
  expect(inbox.items()[0]?.describe('zh-CN').intent).toBe('Sign a message')
  await inbox.items()[0]?.reject()
  await expect(plain).rejects.toMatchObject({ code: 4001 })
})

test('a requireSoter denial is not an answer: the item waits again (deadline re-armed) and a later approval signs', async () => {
  const inbox = createInbox({ clock })
  const purpose = `digest:${'ab'.repeat(32)}`
  // The co-signer's sentence as its MPC channel carries it.
  const soterDenied = Object.assign(
    new Error(
      `policy rule "requireSoter" denied the request: a fresh SOTER biometric verification of this request is required (purpose ${purpose})`,
    ),
    { code: 'PolicyDenied' },
  )
  let runs = 0
  const answer = inbox.enqueue(
    entry({
      execute: async () => {
        runs += 1
        if (runs === 1) throw soterDenied
        return '0xsigned'
      },
    }),
  )
  let settled = false
  void answer.finally(() => {
    settled = true
  })
  const [item] = inbox.items()
  await expect(item?.approve()).rejects.toMatchObject({
    name: 'DappsError',
    code: 'PolicyDenied',
    rule: 'requireSoter',
    purpose,
  })
  expect(item?.status).toBe('pending')
  expect(inbox.items()).toHaveLength(1)
  await Promise.resolve()
  expect(settled).toBe(false)
  expect(await item?.approve()).toBe('0xsigned')
  expect(await answer).toBe('0xsigned')

  // Left waiting after the denial, it still expires at its deadline.
  const waiting = inbox.enqueue(entry({ execute: async () => Promise.reject(soterDenied) }))
  await expect(inbox.items()[0]?.approve()).rejects.toMatchObject({ rule: 'requireSoter' })
  clock.advance(1000)
  await expect(waiting).rejects.toBe(expired)
  expect(inbox.items()).toHaveLength(0)
})
