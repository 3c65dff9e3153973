/**
 * `confluxTransportFromSession` against an in-memory session: which chain and accounts it picks,
 * the `cfx:<id>` tag on every request, which session events reach the provider, and the errors
 * without a session. The real relay and node are in `one-pairing-evm-and-core.test.ts`.
 */
import { createEmitter, type JsonValue } from '@tessera/protocol'
import { ProviderDisconnectedError } from 'viem'
import { expect, test } from 'vitest'
import type { ConfluxTransportEvent } from '../types.ts'
import {
  confluxTransportFromSession,
  type TesseraSessionEvents,
  type TesseraSessionLike,
} from './confluxTransportFromSession.ts'

const A = 'net2029:aak2rra2njvd77ezwjvx04kkds9fzagfe6d5r8e957'
const B = 'cfx:aak2rra2njvd77ezwjvx04kkds9fzagfe6ku8e2y2j'

function fakeSession(accounts: TesseraSessionLike['accounts']) {
  const events = createEmitter<TesseraSessionEvents>()
  const sent: { method: string; params: unknown; chainId?: string }[] = []
  const session = {
    active: true,
    accounts,
    chains: Object.keys(accounts),
    events,
    async request(args: { method: string; params: unknown; chainId?: string }) {
      sent.push(args)
      return '0xsigned' as JsonValue
    },
  }
  return { session, events, sent }
}

test('picks the first cfx chain with accounts (or the preferred one) and tags requests with it', async () => {
  const { session, sent } = fakeSession({
    'eip155:1': ['0x0000000000000000000000000000000000000001'],
    'cfx:2029': [A],
    'cfx:1029': [B],
  })
  const transport = confluxTransportFromSession({ session: () => session })
  expect(await transport.connect()).toEqual({ accounts: [A], chainId: 2029 })
  await transport.request({ method: 'personal_sign', params: ['hi', A] })
  expect(sent).toEqual([{ method: 'personal_sign', params: ['hi', A], chainId: 'cfx:2029' }])

  const preferring = confluxTransportFromSession({ session: () => session, chainId: 1029 })
  expect(await preferring.connect()).toEqual({ accounts: [B], chainId: 1029 })
})

test('events: cfx chainChanged and base32 accountsChanged pass, EVM ones do not; disconnect', async () => {
  const { session, events } = fakeSession({ 'cfx:2029': [A], 'cfx:1029': [B] })
  const transport = confluxTransportFromSession({ session: () => session })
  const seen: ConfluxTransportEvent[] = []
  transport.subscribe((event) => seen.push(event))
  await transport.connect()
  events.emit('chainChanged', 'eip155:10')
  events.emit('chainChanged', 'cfx:2029') // already current
  events.emit('chainChanged', 'cfx:1029')
  events.emit('accountsChanged', ['0x0000000000000000000000000000000000000001'])
  events.emit('accountsChanged', [B])
  const error = new ProviderDisconnectedError(new Error('gone'))
  events.emit('disconnect', error)
  events.emit('chainChanged', 'cfx:2029') // after the end: unheard
  expect(seen).toEqual([
    { type: 'chainChanged', chainId: 1029 },
    { type: 'accountsChanged', accounts: [B] },
    { type: 'disconnect', error },
  ])
})

test('no session: connect without `connect` is 4100, requests are 4900; `connect` pairs', async () => {
  let current: TesseraSessionLike | undefined
  const bare = confluxTransportFromSession({ session: () => current })
  await expect(bare.connect()).rejects.toMatchObject({
    code: 4100,
    details: 'No Tessera session: connect the wallet first.',
  })
  await expect(bare.request({ method: 'personal_sign', params: [] })).rejects.toMatchObject({
    code: 4900,
    details: 'The Tessera session has ended.',
  })
  const { session } = fakeSession({ 'cfx:2029': [A] })
  const pairing = confluxTransportFromSession({
    session: () => current,
    connect: async () => {
      current = session
      return session
    },
  })
  expect(await pairing.connect()).toEqual({ accounts: [A], chainId: 2029 })
  expect(() => confluxTransportFromSession({ session: 'x' as never })).toThrow(
    new TypeError('"session" expected a function returning the live session'),
  )
})
