/**
 * `createDappConnections`: the signer's side of Tessera dapp sessions (contract §3). `pair(uri,
 * grants)` answers a dapp's pairing URI through `@tessera/core` offering only the granted accounts
 * on the granted chains; sessions are listed, renamed, ended from either side and restored from
 * the store on start (with requests that waited in the relay mailbox). Every request is checked
 * against ITS session's grants (`prepareRequest`), described, and queued in the inbox with a
 * deadline; the session's answer is the inbox's. Per-dapp isolation: a session is bound to the
 * origin of its pairing URI and only ever sees and uses its own grants. Call once per store
 * (core's `restoreSessions` rule: two live copies of a session would reuse nonces).
 */

import { describeRequest } from '@tessera/clear-signing'
import {
  type Clock,
  type PeerMetadata,
  pairWithUri,
  type RelayClient,
  restoreSessions,
  type Session,
  type SessionStore,
} from '@tessera/core'
import {
  createEmitter,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type Emitter,
  type JsonValue,
  providerError,
  RPC_ERROR_CODES,
  type SessionRequest,
} from '@tessera/protocol'
import type { WalletConnectWallet } from '../walletconnect/createWalletConnectWallet.ts'
import { createInbox, type Inbox, systemClock } from './createInbox.ts'
import { type DappRecord, dappKey, readDappRecord, WC_KEY_PREFIX } from './dappRecord.ts'
import { DappsError } from './dappsError.ts'
import { describeOrRefuse } from './describeOrRefuse.ts'
import {
  checkGrants,
  type GrantedAccounts,
  grantedAccounts,
  offeredAccounts,
} from './grantedAccounts.ts'
import { originSigner } from './originSigner.ts'
import { parsePairingLink } from './parsePairingLink.ts'
import { type DappSigner, prepareRequest } from './signRequest.ts'
import type {
  DappSession,
  Describe,
  Grants,
  Locale,
  RequestSource,
  ResumableRequest,
} from './types.ts'

export interface DappConnectionsOptions {
  /** A client of the relay the dapps' URIs name. */
  readonly relay: RelayClient
  readonly store: SessionStore
  readonly signer: DappSigner
  /** The clear-signing decoder; default `describeRequest` of `@tessera/clear-signing`. */
  readonly describe?: Describe
  /** The language descriptions are written in; default English. */
  readonly locale?: Locale
  /** The signer app as dapps see it. */
  readonly metadata: PeerMetadata
  readonly clock?: Clock
  /** Shared with other transports (WalletConnect); a new one by default. */
  readonly inbox?: Inbox
  /**
   * How long a request waits for the user, from when the dapp published it. Default: the
   * session deadline (5 min) less 15 s, so the dapp gets the expiry error before it gives up.
   */
  readonly requestTtlMs?: number
  readonly maxParamsBytes?: number
  /**
   * WalletConnect wallet mode for `wc:` links, started on first use (and at start when the store
   * holds WalletConnect sessions) with THIS inbox, e.g.
   * `(inbox) => import('@tessera/signer/walletconnect').then((m) => m.createWalletConnectWallet({ …, inbox, store }))`.
   * Its sessions are listed, renamed and ended here with the Tessera ones.
   */
  readonly walletConnect?: (inbox: Inbox) => Promise<WalletConnectWallet>
}

export type DappConnectionsEvents = { sessions: readonly DappSession[] }

export interface DappConnections {
  readonly inbox: Inbox
  readonly events: Pick<Emitter<DappConnectionsEvents>, 'on' | 'once' | 'off'>
  /**
   * Pairs from any link form `parsePairingLink` reads (URI, pasted text, universal link, Telegram
   * `startapp`, mini-program page query); `wc:` URIs go to WalletConnect wallet mode.
   */
  pair(link: string, grants: Grants): Promise<DappSession>
  /** Tessera sessions, then WalletConnect ones. */
  sessions(): readonly DappSession[]
  rename(sessionId: string, name: string): Promise<void>
  /** Ends the session on both sides (the dapp is told). */
  end(sessionId: string): Promise<void>
  /**
   * Answers a request of a Tessera session that arrived before a page reload (`item.resumable`,
   * kept by the app): it is checked against the session's grants again and queued in the inbox,
   * and its answer goes to the dapp under its own id. `DappsError('UnknownSession')` when the
   * session is gone; resolves once the dapp got the answer.
   */
  resume(kept: ResumableRequest): Promise<void>
  /** Stops listening; sessions stay stored and resume on the next start. */
  close(): Promise<void>
}

type Entry = { session: Session; record: DappRecord; granted: GrantedAccounts }

/** The error a Tessera dapp receives when its request expired unanswered. */
export const requestExpiredError = (): Error =>
  providerError(RPC_ERROR_CODES.internal, 'Request expired: the user did not answer in time.', {
    data: { reason: 'RequestExpired' },
  })

export async function createDappConnections(
  options: DappConnectionsOptions,
): Promise<DappConnections> {
  const { relay, store, signer, clock = systemClock } = options
  const describe: Describe = options.describe ?? ((input) => describeRequest(input))
  const inbox = options.inbox ?? createInbox({ clock })
  const ttlMs = options.requestTtlMs ?? DEFAULT_REQUEST_TIMEOUT_MS - 15_000
  const events = createEmitter<DappConnectionsEvents>()
  const entries = new Map<string, Entry>()
  let inFlight: Promise<unknown> = Promise.resolve()

  // A session's `onRequest` runs synchronously inside the relay message that carried it, after
  // this listener (registered first): the publication time of that message is the request's.
  let publishedAt: number | undefined
  const offMessage = relay.events.on('message', (message) => {
    publishedAt = message.publishedAt
  })

  const view = ({ session, record, granted }: Entry): DappSession => ({
    ...source(session, record),
    grants: record.grants,
    accounts: offeredAccounts(granted),
    expiry: session.expiry,
  })
  const source = (session: Session, record: DappRecord): RequestSource => ({
    sessionId: session.topic,
    transport: 'tessera',
    name: record.name ?? session.peer.name,
    origin: session.origin,
    ...(session.peer.icon === undefined ? {} : { icon: session.peer.icon }),
  })
  let walletConnect: WalletConnectWallet | undefined
  let startingWalletConnect: Promise<WalletConnectWallet> | undefined
  const sessions = (): readonly DappSession[] => [
    ...[...entries.values()].map(view),
    ...(walletConnect?.sessions() ?? []),
  ]
  const changed = (): void => events.emit('sessions', sessions())
  const startWalletConnect = (): Promise<WalletConnectWallet> => {
    const load = options.walletConnect
    if (load === undefined) {
      return Promise.reject(
        new DappsError('WalletConnectUnavailable', 'WalletConnect links are not enabled here.'),
      )
    }
    startingWalletConnect ??= load(inbox).then(
      (wallet) => {
        walletConnect = wallet
        wallet.events.on('sessions', changed)
        changed()
        return wallet
      },
      (error: unknown) => {
        startingWalletConnect = undefined
        throw error
      },
    )
    return startingWalletConnect
  }
  const ownerOf = (sessionId: string): 'tessera' | 'walletconnect' => {
    if (entries.has(sessionId)) return 'tessera'
    if (walletConnect?.sessions().some((s) => s.sessionId === sessionId)) return 'walletconnect'
    throw new DappsError('UnknownSession', 'no such dapp session')
  }

  const forget = async (topic: string): Promise<void> => {
    if (!entries.delete(topic)) return
    inbox.drop(topic)
    await store.delete(dappKey(topic))
    changed()
  }
  const track = (session: Session, record: DappRecord): Entry => {
    const entry: Entry = { session, record, granted: grantedAccounts(signer, record.grants) }
    entries.set(session.topic, entry)
    session.events.on('disconnect', () => void forget(session.topic))
    return entry
  }

  const onRequest = async (request: SessionRequest, session: Session): Promise<JsonValue> => {
    const sent = Math.min(publishedAt ?? clock.now(), clock.now())
    await inFlight
    const entry = entries.get(session.topic)
    if (entry === undefined) {
      throw providerError(RPC_ERROR_CODES.disconnected, 'The session is not known to the wallet.')
    }
    const chainId = request.chainId ?? session.chainId ?? entry.record.grants.chains[0] ?? ''
    if (request.method === 'wallet_switchEthereumChain') return switchChain(entry, request)
    const prepared = await prepareRequest(
      { method: request.method, params: request.params, chainId },
      {
        // The origin bound at pairing travels in every request to the co-signer.
        signer: originSigner(signer, session.origin),
        granted: entry.granted,
        ...(options.maxParamsBytes === undefined ? {} : { maxParamsBytes: options.maxParamsBytes }),
      },
    )
    const description = describeOrRefuse(describe, prepared, session.origin, options.locale)
    return inbox.enqueue({
      session: source(session, entry.record),
      resumable: { sessionId: session.topic, request, publishedAt: sent },
      method: prepared.method,
      chainId,
      account: prepared.account,
      description,
      describeIn: (locale) => describeOrRefuse(describe, prepared, session.origin, locale),
      // The dapp's own deadline when it sent one and it is earlier (docs/SESSION.md#dapps-on-the-signer).
      expiresAt: sent + Math.min(ttlMs, request.timeoutMs ?? ttlMs),
      execute: prepared.execute,
      expiredError: requestExpiredError,
    })
  }

  const switchChain = async (entry: Entry, request: SessionRequest): Promise<null> => {
    const [target] = Array.isArray(request.params) ? request.params : []
    const hex = (target as { chainId?: unknown } | null)?.chainId
    if (typeof hex !== 'string' || !/^0x[0-9a-fA-F]{1,14}$/.test(hex)) {
      throw providerError(RPC_ERROR_CODES.invalidParams, 'chainId must be a hex quantity')
    }
    const chain = `eip155:${Number.parseInt(hex, 16)}`
    if (!entry.record.grants.chains.includes(chain)) {
      throw providerError(
        RPC_ERROR_CODES.unrecognizedChain,
        `Chain ${chain} is not one of the chains this dapp was granted.`,
      )
    }
    await entry.session.notify({ method: 'chainChanged', params: [chain] })
    return null
  }

  // Restore: every stored signer session of this relay, with its grants; one without is ended.
  const restored = restoreSessions({ store, relay, role: 'signer', clock, onRequest }).then(
    async (list) => {
      for (const session of list) {
        const record = readDappRecord(await store.get(dappKey(session.topic)))
        if (record === undefined) await session.disconnect()
        else track(session, record)
      }
    },
  )
  inFlight = restored
  await restored
  // WalletConnect sessions of an earlier run: start its mode so they are served (and listed).
  if (options.walletConnect !== undefined) {
    const keys = await store.keys()
    if (keys.some((key) => key.startsWith(WC_KEY_PREFIX))) await startWalletConnect()
  }

  return {
    inbox,
    events,
    sessions,
    async pair(link, grants) {
      const parsed = parsePairingLink(link)
      const checked = checkGrants(grants)
      if (parsed.transport === 'walletconnect') {
        return (await startWalletConnect()).pair(parsed.uri, checked)
      }
      const uri = parsed.uri
      const granted = grantedAccounts(signer, checked)
      const pairing = pairWithUri({
        uri,
        relay,
        store,
        clock,
        metadata: options.metadata,
        accounts: offeredAccounts(granted),
        onRequest,
      }).then(async (session) => {
        const record: DappRecord = { v: 1, grants: checked }
        await store.set(dappKey(session.topic), record)
        const entry = track(session, record)
        // One session per origin (docs/SESSION.md#one-session-per-origin): core may have ended
        // an older session of this origin in the store; stop serving it here too.
        const keys = new Set(await store.keys())
        for (const [topic, other] of entries) {
          if (topic !== session.topic && !keys.has(`session:${topic}`)) {
            other.session.detach()
            await forget(topic)
          }
        }
        changed()
        return view(entry)
      })
      inFlight = Promise.allSettled([inFlight, pairing])
      return pairing
    },
    async resume(kept) {
      await inFlight
      const entry = entries.get(kept.sessionId)
      if (entry === undefined) throw new DappsError('UnknownSession', 'no such dapp session')
      // Its deadline counts from when the dapp published it: `onRequest` reads this time
      // synchronously when the session hands it the request (as for a relay message).
      publishedAt = kept.publishedAt
      await entry.session.resume(kept.request, kept.publishedAt)
    },
    async rename(sessionId, name) {
      if (ownerOf(sessionId) === 'walletconnect') {
        return (walletConnect as WalletConnectWallet).rename(sessionId, name)
      }
      const entry = entries.get(sessionId) as Entry
      const trimmed = name.trim().slice(0, 64)
      entry.record = { ...entry.record, ...(trimmed === '' ? {} : { name: trimmed }) }
      await store.set(dappKey(sessionId), entry.record)
      changed()
    },
    async end(sessionId) {
      if (ownerOf(sessionId) === 'walletconnect') {
        return (walletConnect as WalletConnectWallet).end(sessionId)
      }
      const entry = entries.get(sessionId) as Entry
      await entry.session.disconnect()
      await forget(sessionId)
    },
    async close() {
      offMessage()
      for (const entry of entries.values()) entry.session.detach()
      entries.clear()
      const wallet = walletConnect ?? (await startingWalletConnect?.catch(() => undefined))
      walletConnect = undefined
      await wallet?.close()
      inbox.close()
    },
  }
}
