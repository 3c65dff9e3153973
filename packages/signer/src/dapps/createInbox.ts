/**
 * `createInbox`: the one queue of requests waiting for the user, fed by every transport (Tessera
 * sessions and WalletConnect alike). A transport enqueues a request it has already validated and
 * described, and gets a promise that settles exactly once: with the result to send (approved,
 * signed and verified), or with the error to send — 4001 on rejection, the transport's expiry
 * error at the deadline, 4900 when the session ended first. A second `approve()` / `reject()`
 * throws `DappsError('AlreadyAnswered')` (`'Expired'` after the deadline) and sends nothing. A
 * co-signer denial for want of a SOTER verification (rule `requireSoter`) is not an answer: the
 * item waits again, `approve()` throws `DappsError('PolicyDenied')` with the `purpose` to verify.
 * Must never settle an item twice nor keep one past its deadline.
 */
import type { Clock } from '@tessera/core'
import {
  createEmitter,
  type Emitter,
  type JsonValue,
  providerError,
  RPC_ERROR_CODES,
} from '@tessera/protocol'
import { DappsError } from './dappsError.ts'
import { policyDeniedAnswer, policyDeniedError, policyRuleOf } from './policyDenial.ts'
import type { Description, InboxEvents, InboxItem, InboxItemStatus, Locale } from './types.ts'

/** What a transport hands the inbox: a checked, described request and how to carry it out. */
export type InboxEntry = Omit<
  InboxItem,
  'id' | 'receivedAt' | 'status' | 'approve' | 'reject' | 'describe'
> & {
  /**
   * Describes the validated request again in another language (the transport keeps the request
   * and its decoder); without it, `item.describe(locale)` is `description` in every language.
   */
  readonly describeIn?: (locale: Locale) => Description
  /** Signs (and verifies, and broadcasts where the method says so); runs at most once. */
  readonly execute: () => Promise<JsonValue>
  /** The error the dapp receives when the deadline passes unanswered. */
  readonly expiredError: () => Error
}

export interface Inbox {
  items(): readonly InboxItem[]
  readonly events: Pick<Emitter<InboxEvents>, 'on' | 'once' | 'off'>
  /** Settles with the answer for the dapp; see the file header. */
  enqueue(entry: InboxEntry): Promise<JsonValue>
  /** The session ended: its items leave the inbox unanswered (no one would read the answer). */
  drop(sessionId: string): void
  /** Ends every timer (the app is closing); pending items stay unanswered for the next start. */
  close(): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

type Slot = {
  item: InboxItem
  status: InboxItemStatus
  timer: unknown
  outcome?: InboxEvents['answered']['outcome']
  settle: (outcome: { result: JsonValue } | { error: Error }) => void
}

export function createInbox(options: { readonly clock?: Clock } = {}): Inbox {
  const clock = options.clock ?? systemClock
  const events = createEmitter<InboxEvents>()
  const slots = new Map<string, Slot>()
  let next = 1

  const items = (): readonly InboxItem[] => [...slots.values()].map((slot) => slot.item)
  const finish = (id: string, outcome: InboxEvents['answered']['outcome']): void => {
    const slot = slots.get(id)
    if (slot === undefined) return
    slots.delete(id)
    slot.outcome = outcome
    clock.clearTimeout(slot.timer)
    events.emit('answered', { id, outcome })
    events.emit('change', items())
  }
  const answered = (id: string, slot: Slot): never => {
    if (slot.outcome === 'expired') {
      throw new DappsError('Expired', `request ${id} expired before it was answered`)
    }
    throw new DappsError('AlreadyAnswered', `request ${id} was already answered`)
  }

  return {
    items,
    events,
    enqueue(entry) {
      const { execute, expiredError, describeIn, ...shown } = entry
      const described = new Map<Locale, Description>()
      const id = `r${next++}`
      return new Promise<JsonValue>((resolve, reject) => {
        let settled = false
        const settle: Slot['settle'] = (outcome) => {
          if (settled) return
          settled = true
          if ('result' in outcome) resolve(outcome.result)
          else reject(outcome.error)
        }
        const now = clock.now()
        if (entry.expiresAt <= now) {
          // Arrived (from the relay mailbox) after its deadline: answered, never shown.
          settle({ error: expiredError() })
          return
        }
        const expire = (): void => {
          if (slot.status !== 'pending') return
          settle({ error: expiredError() })
          finish(id, 'expired')
        }
        const slot: Slot = {
          status: 'pending',
          timer: undefined,
          settle,
          item: {
            ...shown,
            id,
            receivedAt: now,
            get status() {
              return slot.status
            },
            describe(locale) {
              if (describeIn === undefined) return entry.description
              let found = described.get(locale)
              if (found === undefined) {
                try {
                  found = describeIn(locale)
                } catch {
                  found = entry.description
                }
                described.set(locale, found)
              }
              return found
            },
            async approve() {
              if (slot.status !== 'pending' || !slots.has(id)) return answered(id, slot)
              if (clock.now() >= entry.expiresAt) {
                throw new DappsError('Expired', `request ${id} expired before it was approved`)
              }
              slot.status = 'approving'
              clock.clearTimeout(slot.timer) // the user said yes in time; signing may take a while
              events.emit('change', items())
              try {
                const result = await execute()
                settle({ result })
                finish(id, 'approved')
                return result
              } catch (error) {
                const rule = policyRuleOf(error)
                if (rule === 'requireSoter' && clock.now() < entry.expiresAt) {
                  // A second factor is missing, not a refusal: the item waits again (its deadline
                  // re-armed) while the app gets the SOTER verification and approves once more.
                  slot.status = 'pending'
                  slot.timer = clock.setTimeout(expire, entry.expiresAt - clock.now())
                  events.emit('change', items())
                  throw policyDeniedError(rule, error)
                }
                if (rule !== undefined) {
                  settle({ error: policyDeniedAnswer(rule) })
                  finish(id, 'denied')
                  throw policyDeniedError(rule, error)
                }
                settle({ error: error instanceof Error ? error : new Error(String(error)) })
                finish(id, 'failed')
                throw error
              }
            },
            async reject() {
              if (slot.status !== 'pending' || !slots.has(id)) return answered(id, slot)
              settle({
                error: providerError(
                  RPC_ERROR_CODES.userRejectedRequest,
                  'The user rejected the request.',
                ),
              })
              finish(id, 'rejected')
            },
          },
        }
        slot.timer = clock.setTimeout(expire, entry.expiresAt - now)
        slots.set(id, slot)
        events.emit('change', items())
      })
    },
    drop(sessionId) {
      for (const [id, slot] of slots) {
        if (slot.item.session.sessionId !== sessionId) continue
        slot.settle({
          error: providerError(RPC_ERROR_CODES.disconnected, 'The session has ended.'),
        })
        finish(id, 'ended')
      }
    },
    close() {
      for (const slot of slots.values()) clock.clearTimeout(slot.timer)
      slots.clear()
      events.emit('change', [])
    },
  }
}
