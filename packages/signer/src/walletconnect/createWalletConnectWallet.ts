/**
 * `createWalletConnectWallet`: WalletConnect v2 wallet mode (docs/SESSION.md#walletconnect-v2-wallet-mode).
 * An unmodified `@walletconnect/sign-client` (loaded by `import()` on first use, so an app that
 * never opens a `wc:` link never loads the SDK) pointed at OUR relay URL pairs with a `wc:` URI,
 * approves the proposal with only the granted chains and accounts (`approvedNamespaces`), and
 * feeds every `session_request` into the SAME inbox as Tessera sessions, through the same checks
 * and decoder (`prepareRequest`, `describeOrRefuse`). `eth_sendTransaction` is filled and
 * broadcast through the RPC URL configured for its chain. Expiry: the earlier of our deadline and
 * the dapp's `expiryTimestamp` less a margin (the SDK drops the pending request at that second);
 * the dapp then gets 4100 "Request expired." Verify's verdict
 * is kept on the session and on each request. Nothing reaches a host but the relay and the RPCs.
 */

import { describeRequest } from '@tessera/clear-signing'
import type { Clock, SessionStore } from '@tessera/core'
import {
  createEmitter,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type Emitter,
  providerError,
  RPC_ERROR_CODES,
  toRpcErrorObject,
} from '@tessera/protocol'
import type { SignClient } from '@walletconnect/sign-client'
import type { SessionTypes, SignClientTypes, Verify } from '@walletconnect/types'
import { type Inbox, systemClock } from '../dapps/createInbox.ts'
import { type DappRecord, readDappRecord, WC_KEY_PREFIX } from '../dapps/dappRecord.ts'
import { DappsError } from '../dapps/dappsError.ts'
import { describeOrRefuse } from '../dapps/describeOrRefuse.ts'
import { checkGrants, grantedAccounts, offeredAccounts } from '../dapps/grantedAccounts.ts'
import { originSigner } from '../dapps/originSigner.ts'
import { type DappSigner, prepareRequest } from '../dapps/signRequest.ts'
import type { DappSession, Describe, Grants, Locale, VerifyStatus } from '../dapps/types.ts'
import { approvedNamespaces, NamespaceRefusal, WC_REASONS } from './approvedNamespaces.ts'
import { rpcSender } from './rpcSender.ts'

type Client = InstanceType<typeof SignClient>

export interface WalletConnectWalletOptions {
  /** OUR relay (`wss://…`); the dapp must use the same one (a `wc:` URI names no relay). */
  readonly relayUrl: string
  readonly projectId?: string
  /** The signer app as WalletConnect dapps see it. */
  readonly metadata: SignClientTypes.Metadata
  readonly signer: DappSigner
  /** The clear-signing decoder; default `describeRequest` of `@tessera/clear-signing`. */
  readonly describe?: Describe
  /** The language descriptions are written in; default English. */
  readonly locale?: Locale
  /** The app's inbox, shared with `createDappConnections`. */
  readonly inbox: Inbox
  /** Where the wallet keeps grants and names (the connections' store fits). */
  readonly store: SessionStore
  /** `eip155:<id>` → JSON-RPC URL, for `eth_sendTransaction` (fill, then broadcast). */
  readonly rpc?: { readonly [chainId: string]: string }
  /** The SDK's key-value storage; its default (IndexedDB in browsers) otherwise. */
  readonly storage?: SignClientTypes.Options['storage']
  /** Distinguishes two wallets in one process (tests). */
  readonly storagePrefix?: string
  readonly clock?: Clock
  /** How long a request waits for the user at most; default 5 min less 15 s. */
  readonly requestTtlMs?: number
  readonly maxParamsBytes?: number
}

export type WalletConnectWalletEvents = { sessions: readonly DappSession[] }

export interface WalletConnectWallet {
  readonly events: Pick<Emitter<WalletConnectWalletEvents>, 'on' | 'once' | 'off'>
  /** Pairs with a `wc:` URI and approves the dapp's proposal with `grants`. */
  pair(uri: string, grants: Grants): Promise<DappSession>
  sessions(): readonly DappSession[]
  /** The name the signer shows for the session (kept in `store`; empty keeps the dapp's). */
  rename(sessionId: string, name: string): Promise<void>
  /** Ends the session on both sides (the dapp gets `session_delete`). */
  end(sessionId: string): Promise<void>
  /** Closes the relay connection; sessions stay in the SDK's storage for the next start. */
  close(): Promise<void>
}

const PAIRING_WAIT_MS = 60_000

/**
 * How long before the dapp's `expiryTimestamp` the wallet answers "Request expired.": the SDK
 * drops the pending request AT that second (its expirer), after which `respond` throws and the
 * dapp would hear nothing; answering earlier keeps the 4100 answer deliverable.
 */
export const WALLETCONNECT_EXPIRY_MARGIN_MS = 5_000

/**
 * The inbox deadline of a WalletConnect request: our own TTL, or the dapp's `expiryTimestamp`
 * (Unix seconds) less the margin when that is earlier. A deadline at or before `now` makes the
 * inbox answer the expiry at once, without showing the request.
 */
export function walletConnectDeadline(
  now: number,
  ttlMs: number,
  expiryTimestamp: number | undefined,
): number {
  const dapp =
    expiryTimestamp === undefined || !Number.isFinite(expiryTimestamp)
      ? Number.POSITIVE_INFINITY
      : expiryTimestamp * 1000 - WALLETCONNECT_EXPIRY_MARGIN_MS
  return Math.min(now + ttlMs, dapp)
}

/** What a WalletConnect dapp receives when its request expired unanswered. */
export const WALLETCONNECT_EXPIRED = { code: 4100, message: 'Request expired.' } as const

export async function createWalletConnectWallet(
  options: WalletConnectWalletOptions,
): Promise<WalletConnectWallet> {
  const { signer, inbox, store, clock = systemClock } = options
  const describe: Describe = options.describe ?? ((input) => describeRequest(input))
  const ttlMs = options.requestTtlMs ?? DEFAULT_REQUEST_TIMEOUT_MS - 15_000
  const rpc = options.rpc ?? {}
  const sender = Object.keys(rpc).length === 0 ? undefined : rpcSender(rpc)
  const events = createEmitter<WalletConnectWalletEvents>()
  const { SignClient } = await import('@walletconnect/sign-client')
  const client: Client = await SignClient.init({
    projectId: options.projectId ?? 'tessera',
    relayUrl: options.relayUrl,
    metadata: options.metadata,
    telemetryEnabled: false,
    logger: 'silent',
    ...(options.storage === undefined ? {} : { storage: options.storage }),
    ...(options.storagePrefix === undefined ? {} : { customStoragePrefix: options.storagePrefix }),
  })

  const records = new Map<string, DappRecord & { verify?: VerifyStatus }>()
  for (const session of client.session.getAll()) {
    const record = readDappRecord(await store.get(WC_KEY_PREFIX + session.topic))
    if (record === undefined) {
      await client
        .disconnect({ topic: session.topic, reason: WC_REASONS.userDisconnected })
        .catch(() => {})
    } else records.set(session.topic, record)
  }

  const view = (session: SessionTypes.Struct): DappSession | undefined => {
    const record = records.get(session.topic)
    if (record === undefined) return undefined
    const peer = session.peer.metadata
    return {
      sessionId: session.topic,
      transport: 'walletconnect',
      name: record.name ?? peer.name,
      origin: record.verify?.validation === 'VALID' ? record.verify.origin : originOf(peer.url),
      ...(peer.icons[0] === undefined ? {} : { icon: peer.icons[0] }),
      ...(record.verify === undefined ? {} : { verify: record.verify }),
      grants: record.grants,
      accounts: offeredAccounts(grantedAccounts(signer, record.grants)),
      expiry: session.expiry,
    }
  }
  const sessions = (): readonly DappSession[] =>
    client.session
      .getAll()
      .map(view)
      .filter((s): s is DappSession => s !== undefined)
  const forget = async (topic: string): Promise<void> => {
    if (!records.delete(topic)) return
    inbox.drop(topic)
    await store.delete(WC_KEY_PREFIX + topic)
    events.emit('sessions', sessions())
  }
  client.on('session_delete', ({ topic }) => void forget(topic))
  client.on('session_expire', ({ topic }) => void forget(topic))

  const handled = new Set<number>()
  /** Set by `close()`: a closed wallet handles and answers nothing (see `close`). */
  let closed = false
  /** Answers whose publish the relay has not confirmed yet; `close()` waits for them. */
  const answering = new Set<Promise<void>>()
  const onRequest = async (
    event: SignClientTypes.EventArguments['session_request'],
  ): Promise<void> => {
    if (closed || handled.has(event.id)) return
    handled.add(event.id)
    const { topic, id } = event
    const respond = async (response: { result: unknown } | { error: unknown }) => {
      // An answer after close would make the SDK open a new socket (its `send` reconnects).
      if (closed) return
      // A failed publish (the SDK gives up after its own timeout) leaves the request pending in
      // the SDK's storage: the next start shows it again rather than losing it.
      const sending = client
        .respond({ topic, response: { id, jsonrpc: '2.0', ...response } as never })
        .catch(() => {})
      answering.add(sending)
      await sending
      answering.delete(sending)
    }
    const session = client.session.getAll().find((s) => s.topic === topic)
    const shown = session === undefined ? undefined : view(session)
    const record = records.get(topic)
    if (shown === undefined || record === undefined) {
      await respond({ error: { code: RPC_ERROR_CODES.disconnected, message: 'Unknown session.' } })
      return
    }
    const { request, chainId } = event.params
    const deadline = walletConnectDeadline(clock.now(), ttlMs, request.expiryTimestamp)
    try {
      const prepared = await prepareRequest(
        { method: request.method, params: request.params, chainId },
        {
          // The origin shown at approval (verified, else the proposer's URL) names each request.
          signer: originSigner(signer, shown.origin),
          granted: grantedAccounts(signer, record.grants),
          ...(sender === undefined ? {} : { sender }),
          ...(options.maxParamsBytes === undefined
            ? {}
            : { maxParamsBytes: options.maxParamsBytes }),
        },
      )
      const description = describeOrRefuse(describe, prepared, shown.origin, options.locale)
      const verify = verifyStatus(event.verifyContext) ?? shown.verify
      const result = await inbox.enqueue({
        session: {
          sessionId: topic,
          transport: 'walletconnect',
          name: shown.name,
          origin: shown.origin,
          ...(shown.icon === undefined ? {} : { icon: shown.icon }),
          ...(verify === undefined ? {} : { verify }),
        },
        method: prepared.method,
        chainId,
        account: prepared.account,
        description,
        describeIn: (locale) => describeOrRefuse(describe, prepared, shown.origin, locale),
        expiresAt: deadline,
        execute: prepared.execute,
        expiredError: () =>
          providerError(WALLETCONNECT_EXPIRED.code, WALLETCONNECT_EXPIRED.message),
      })
      await respond({ result })
    } catch (error) {
      if (!records.has(topic)) return // the session ended: no one to answer
      const { code, message } = toRpcErrorObject(error)
      await respond({ error: { code, message } })
    }
  }
  client.on('session_request', (event) => void onRequest(event))
  for (const pending of client.getPendingSessionRequests()) {
    void onRequest(pending as SignClientTypes.EventArguments['session_request'])
  }

  return {
    events,
    sessions,
    async pair(uri, grants) {
      const checked = checkGrants(grants)
      const granted = grantedAccounts(signer, checked)
      const pairingTopic = /^wc:([0-9a-f]{64})@2\?/.exec(uri)?.[1]
      if (pairingTopic === undefined) {
        throw new DappsError('BadGrants', 'not a WalletConnect v2 pairing URI')
      }
      const proposal = new Promise<SignClientTypes.EventArguments['session_proposal']>(
        (resolve, reject) => {
          const timer = clock.setTimeout(() => {
            client.off('session_proposal', listener)
            reject(new DappsError('Expired', 'the dapp sent no session proposal in time'))
          }, PAIRING_WAIT_MS)
          const listener = (event: SignClientTypes.EventArguments['session_proposal']): void => {
            if (event.params.pairingTopic !== pairingTopic) return
            clock.clearTimeout(timer)
            client.off('session_proposal', listener)
            resolve(event)
          }
          client.on('session_proposal', listener)
        },
      )
      await client.pair({ uri })
      const { id, params, verifyContext } = await proposal
      let namespaces: SessionTypes.Namespaces
      try {
        namespaces = approvedNamespaces(params, granted, { sendTransaction: sender !== undefined })
      } catch (error) {
        if (error instanceof NamespaceRefusal) {
          await client.reject({ id, reason: error.reason })
          throw new DappsError('BadGrants', error.message, { cause: error })
        }
        throw error
      }
      const { topic, acknowledged } = await client.approve({ id, namespaces })
      const verify = verifyStatus(verifyContext)
      const record = { v: 1 as const, grants: checked }
      records.set(topic, { ...record, ...(verify === undefined ? {} : { verify }) })
      await store.set(WC_KEY_PREFIX + topic, record)
      await acknowledged()
      events.emit('sessions', sessions())
      const session = sessions().find((s) => s.sessionId === topic)
      if (session === undefined) throw new DappsError('SessionEnded', 'the session ended at once')
      return session
    },
    async rename(sessionId, name) {
      const record = records.get(sessionId)
      if (record === undefined) throw new DappsError('UnknownSession', 'no such session')
      const trimmed = name.trim().slice(0, 64)
      const { verify, ...kept } = record
      const next: DappRecord = { ...kept, ...(trimmed === '' ? {} : { name: trimmed }) }
      records.set(sessionId, { ...next, ...(verify === undefined ? {} : { verify }) })
      await store.set(WC_KEY_PREFIX + sessionId, next)
      events.emit('sessions', sessions())
    },
    async end(sessionId) {
      if (!records.has(sessionId)) throw new DappsError('UnknownSession', 'no such session')
      await client.disconnect({ topic: sessionId, reason: WC_REASONS.userDisconnected })
      await forget(sessionId)
    },
    async close() {
      if (closed) return
      closed = true
      const relayer = client.core.relayer as unknown as RelayerInternals
      stopReading(relayer)
      // An answer still on its way is finished first. The SDK forgets the request (its pending
      // request in `storage`) only once the relay confirms the answer's publish; closing before
      // that left an answered request pending, and the next start showed it to the user again
      // (the dapp already had its answer). The heartbeat keeps running meanwhile: it drives the
      // SDK's publish retries.
      await Promise.all(answering)
      client.core.heartbeat.stop()
      await closeRelayer(relayer)
    },
  }
}

/** The parts of the SDK's relayer `close()` reaches past its public type. */
interface RelayerInternals {
  transportClose(): Promise<void>
  readonly onPayloadHandler?: (payload: unknown) => void
  readonly provider?: {
    off?(event: string, listener: (payload: unknown) => void): void
    readonly connection?: { readonly socket?: ClosableSocket }
  }
}

interface ClosableSocket {
  readonly readyState: number
  close(): void
  addEventListener(type: 'close', listener: () => void): void
}

/**
 * Stops reading pushes, so that the closing wallet consumes nothing it will not handle. The relay
 * keeps a message until the client id acks it (docs/RELAY.md#semantics-the-relay-guarantees), and
 * the restarted wallet reuses the same client id (the SDK's keychain is in the shared storage).
 * The SDK acks every push it reads and records it as seen in that storage before anything else:
 * a request read by a closing wallet would be acked, recorded, handled by its abandoned listeners
 * and never delivered to the restarted one. Unread pushes stay unacked, and the relay sends them
 * to the next connection. Replies to the wallet's own requests (a publish's confirmation) still
 * arrive: the SDK's provider resolves those itself.
 */
function stopReading(relayer: RelayerInternals): void {
  if (relayer.onPayloadHandler !== undefined) {
    relayer.provider?.off?.('payload', relayer.onPayloadHandler)
  }
}

/**
 * Closes the relay connection and waits until the socket really is closed: the SDK's
 * `transportClose` gives up on the close handshake after 2 s while the socket stays open.
 */
async function closeRelayer(relayer: RelayerInternals): Promise<void> {
  const socket = relayer.provider?.connection?.socket
  await relayer.transportClose().catch(() => {})
  if (socket === undefined || socket.readyState === SOCKET_CLOSED) return
  await new Promise<void>((resolve) => {
    socket.addEventListener('close', () => resolve())
    if (socket.readyState === SOCKET_CLOSED) resolve()
    else if (socket.readyState !== SOCKET_CLOSING) socket.close()
  })
}

const SOCKET_CLOSING = 2
const SOCKET_CLOSED = 3

function originOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return url
  }
}

function verifyStatus(context: Verify.Context | undefined): VerifyStatus | undefined {
  const verified = context?.verified
  if (verified === undefined) return undefined
  return {
    validation: verified.validation,
    origin: verified.origin,
    isScam: verified.isScam === true,
  }
}
