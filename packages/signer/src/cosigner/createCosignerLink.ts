/**
 * The real `CosignerLink`: the engine's runs over `@tessera/cosigner-client` — the login exchange
 * (`/v1/login/*`), then `/v1/mpc` connections (Noise IK to the PINNED co-signer key, the session
 * token in the handshake) shared by the session's runs, each run on its own sub-stream
 * (connectionPool.ts: reused while the token holds, closed when idle, retired when a run on it
 * failed or was aborted). The engine's one-round-ahead steps are mapped onto the channel's rounds (the co-signer
 * answers two protocol steps per round trip; the link holds the second until the engine asks).
 * The channel is itself end-to-end to the co-signer, so DKG runs without a separate channel key.
 * Signing runs name their derivation path (checked here first: CosignerLinkError `Malformed`) and,
 * for DKLs23, the digest the device signs, which the co-signer's policy must derive from the
 * request. FROST: the co-signer aggregates (it never releases its share alone); the engine
 * verifies the finished signature under the child key. Not served (CosignerLinkError
 * `Unsupported`): Conflux Core policy requests. Every failure is a CosignerLinkError
 * (linkError.ts).
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import {
  type CosignerConnection,
  type CosignerStream,
  connectCosigner,
  exchangeRound,
  login,
  type WebSocketConstructor,
} from '@tessera/cosigner-client'
import type {
  DkgMessage,
  PairSetupMessage1,
  PairSetupMessage2,
  PublicKeyState,
  ReshareMessage,
  SignMessage,
} from '@tessera/mpc'
import { base64ToBytes } from '@tessera/protocol'
import { COSIGNER_CHANNEL_RULES, derivationPathProblem } from '@tessera/protocol/cosigner'
import { CosignerLinkError } from '../errors.ts'
import { createConnectionPool, defaultTimer, type Lease, type Timer } from './connectionPool.ts'
import type {
  CosignerLink,
  CosignerSession,
  DkgOpenRequest,
  KeyLifecycleLink,
  ReshareOpenRequest,
  SoterLink,
} from './cosignerLink.ts'
import { toLinkError } from './linkError.ts'
import { loginRequest } from './loginRequest.ts'
import { signingRequest, solanaRequest } from './signingRequest.ts'

export type CosignerLinkOptions = {
  /** The co-signer's base URL (`https://cosigner.example`). */
  readonly url: string
  /** Its `/v1/mpc` WebSocket URL; defaults to `url` with ws(s) and `/v1/mpc`. */
  readonly mpcUrl?: string
  /** The co-signer's Noise static public key, pinned (32 bytes or their base64url). */
  readonly noiseStaticKey: Uint8Array | string
  /** The dapp the sessions are for (the co-signer's policy is per identity and dapp). */
  readonly dappId: string
  /** Defaults to the global WebSocket. */
  readonly WebSocket?: WebSocketConstructor
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch
  readonly replyTimeoutMs?: number
  readonly now?: () => number
  /** Runs one connection carries at once; the co-signer's `maxStreamsPerConnection` (4). */
  readonly maxStreamsPerConnection?: number
  /** An unused connection closes after this long (30 s). */
  readonly idleCloseMs?: number
  /** Schedules the idle close; returns its cancel (tests pass their own clock). */
  readonly timer?: Timer
}

/** The real link, plus closing its co-signer connections (logout, teardown). */
export type PooledCosignerLink = CosignerLink & {
  /** Closes every co-signer connection; runs still on them fail with ConnectionLost. */
  close(): void
}

const COSIGNER = 2
type Routed = { readonly to: number; readonly round: number }
const to = <T>(all: readonly T[], index: number) =>
  all.filter((m) => (m as unknown as Routed).to === index)
const ofRound = <T>(all: readonly unknown[], round: number) =>
  (all as readonly Routed[]).filter((m) => m.round === round) as unknown as T[]

type Run = { readonly lease: Lease; readonly stream: CosignerStream }
type DkgRun = Run & {
  readonly kind: 'dkg'
  readonly request: DkgOpenRequest
  stage: 0 | 1 | 2 | 3 | 4
  ours: readonly DkgMessage[]
  ahead: readonly DkgMessage[]
  publicKey?: Uint8Array
}
type SignRun = Run & { readonly kind: 'sign'; stage: 1 | 2 }
type FrostRun = Run & { readonly kind: 'frost' }
type PresignRun = Run & { readonly kind: 'presign' }
type ReshareRun = Run & {
  readonly kind: 'reshare'
  readonly request: ReshareOpenRequest
  stage: 1 | 2 | 3
}
type SetupRun = Run & { readonly kind: 'setup'; readonly keyId: string; stage: 1 | 2 }
type AnyRun = DkgRun | SignRun | FrostRun | PresignRun | ReshareRun | SetupRun

/** The path as the wire carries it, or CosignerLinkError `Malformed` before anything is sent. */
function wirePath(path: string): string {
  const problem = derivationPathProblem(path)
  if (problem !== undefined) throw new CosignerLinkError('Malformed', `"path" expected ${problem}`)
  return path
}

export function createCosignerLink(options: CosignerLinkOptions): PooledCosignerLink {
  if (typeof options.dappId !== 'string' || options.dappId === '')
    throw new TypeError('"dappId" expected a non-empty string')
  const key =
    typeof options.noiseStaticKey === 'string'
      ? base64ToBytes(options.noiseStaticKey, 'url')
      : options.noiseStaticKey
  if (!(key instanceof Uint8Array) || key.length !== 32)
    throw new TypeError('"noiseStaticKey" expected 32 bytes (or their base64url)')
  const pinned: Uint8Array = key
  const now = options.now ?? Date.now
  const base = options.url.replace(/\/+$/, '')
  const mpcUrl = options.mpcUrl ?? `${base.replace(/^http/, 'ws')}/v1/mpc`
  const runs = new Map<string, AnyRun>()

  const pool = createConnectionPool({
    open: (token): Promise<CosignerConnection> =>
      connectCosigner({
        url: mpcUrl,
        cosignerKey: pinned,
        token,
        ...(options.WebSocket === undefined ? {} : { WebSocket: options.WebSocket }),
        ...(options.replyTimeoutMs === undefined ? {} : { replyTimeoutMs: options.replyTimeoutMs }),
      }),
    maxStreams: options.maxStreamsPerConnection ?? 4,
    idleMs: options.idleCloseMs ?? 30_000,
    timer: options.timer ?? defaultTimer,
  })

  /** A lease on a shared connection for one run; the run releases it when it ends. */
  async function connect(session: CosignerSession): Promise<Lease> {
    if (session.expiresAt <= now())
      throw new CosignerLinkError('Unauthorized', 'the co-signer session expired: log in again')
    try {
      return await pool.acquire(session.token)
    } catch (error) {
      throw toLinkError(error)
    }
  }

  function find<K extends AnyRun['kind']>(id: string, kind: K) {
    const run = runs.get(id)
    if (run?.kind !== kind)
      throw new CosignerLinkError('UnknownRun', `no open ${kind} run "${String(id).slice(0, 64)}"`)
    return run as Extract<AnyRun, { kind: K }>
  }

  /** A session-authenticated JSON call to the co-signer's HTTP API. */
  async function http(
    session: CosignerSession,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<unknown> {
    if (session.expiresAt <= now())
      throw new CosignerLinkError('Unauthorized', 'the co-signer session expired: log in again')
    const f = options.fetch ?? fetch
    let response: Response
    try {
      response = await f(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${session.token}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      })
    } catch (cause) {
      throw new CosignerLinkError('ConnectionLost', `the co-signer is unreachable: ${path}`, {
        retryable: true,
        cause,
      })
    }
    const body = (await response.json().catch(() => undefined)) as
      | { error?: { code?: string; message?: string } }
      | undefined
    if (!response.ok) {
      const message = String(body?.error?.message ?? `HTTP ${response.status}`).slice(0, 300)
      throw new CosignerLinkError(
        response.status === 401 ? 'Unauthorized' : response.status === 404 ? 'NotFound' : 'Refused',
        `the co-signer refused ${init.method ?? 'GET'} ${path}: ${message}`,
        { status: response.status },
      )
    }
    return body
  }

  const lifecycle: KeyLifecycleLink = {
    reshare: {
      async open(session, request) {
        if (!COSIGNER_CHANNEL_RULES.keyId.test(request.keyId))
          throw new CosignerLinkError('Malformed', 'malformed key id')
        const lease = await connect(session)
        const stream = lease.connection.stream(request.protocol)
        runs.set(stream.sid, { kind: 'reshare', lease, stream, request, stage: 1 })
        return { run: stream.sid }
      },
      async round1(_session, id, messages) {
        const run = find(id, 'reshare')
        return within(id, run, async () => {
          if (run.stage !== 1) throw new CosignerLinkError('OutOfOrder', 'round 1 was sent')
          const { request } = run
          const reply = await exchangeRound(
            run.stream,
            request.protocol,
            1,
            {
              epoch: request.epoch,
              ...(request.backupKey === undefined ? {} : { backupKey: request.backupKey }),
              messages: to(messages, COSIGNER),
            },
            request.keyId,
          )
          run.stage = 2
          return reply.messages as ReshareMessage[]
        })
      },
      async round2(_session, id, messages) {
        const run = find(id, 'reshare')
        return within(id, run, async () => {
          if (run.stage !== 2) throw new CosignerLinkError('OutOfOrder', 'round 2 is not next')
          const reply = await exchangeRound(run.stream, run.request.protocol, 2, {
            messages: to(messages, COSIGNER),
          })
          run.stage = 3
          return reply.messages as ReshareMessage[]
        })
      },
      async round3(_session, id, messages) {
        const run = find(id, 'reshare')
        const reply = await within(id, run, async () => {
          if (run.stage !== 3) throw new CosignerLinkError('OutOfOrder', 'round 3 is not next')
          return exchangeRound(run.stream, run.request.protocol, 3, {
            messages: to(messages, COSIGNER),
          })
        })
        end(id, run, true)
        return { epoch: reply.epoch, publicKey: reply.publicKey }
      },
      abort(id) {
        const run = runs.get(id)
        if (run?.kind === 'reshare') end(id, run, false)
      },
    },

    otSetup: {
      async open(session, keyId) {
        const lease = await connect(session)
        const stream = lease.connection.stream('dkls23-setup')
        runs.set(stream.sid, { kind: 'setup', lease, stream, keyId, stage: 1 })
        return { run: stream.sid, sid: hexToBytes(stream.sid) }
      },
      async first(_session, id, request) {
        const run = find(id, 'setup')
        return within(id, run, async () => {
          if (run.stage !== 1) throw new CosignerLinkError('OutOfOrder', 'the setup has begun')
          const reply = await exchangeRound(
            run.stream,
            'dkls23-setup',
            1,
            { epoch: request.epoch, message: request.message },
            run.keyId,
          )
          run.stage = 2
          return {
            message: reply.message as PairSetupMessage1,
            reply: reply.reply as PairSetupMessage2,
          }
        })
      },
      async finish(_session, id, reply) {
        const run = find(id, 'setup')
        await within(id, run, async () => {
          if (run.stage !== 2) throw new CosignerLinkError('OutOfOrder', 'the setup has not begun')
          await exchangeRound(run.stream, 'dkls23-setup', 2, { reply })
        })
        end(id, run, true)
      },
      abort(id) {
        const run = runs.get(id)
        if (run?.kind === 'setup') end(id, run, false)
      },
    },

    async record(session, keyId) {
      const body = (await http(session, '/v1/keys')) as {
        keys: {
          keyId: string
          epoch: number
          curve: 'secp256k1' | 'ed25519'
          status: string
          publicKey: string
          publicState: {
            t: number
            n: number
            publicShares: string[]
            chainCode: string
            offline?: { index: number; encryptionKey: string }[]
          }
        }[]
      }
      const key = body.keys.find((k) => k.keyId === keyId && k.status === 'active')
      if (key === undefined)
        throw new CosignerLinkError('NotFound', `the co-signer holds no active key ${keyId}`)
      return {
        curve: key.curve,
        keyId: key.keyId,
        epoch: key.epoch,
        t: key.publicState.t,
        n: key.publicState.n,
        publicKey: base64urlnopad.decode(key.publicKey),
        publicShares: key.publicState.publicShares.map((x) => hexToBytes(x)),
        chainCode: hexToBytes(key.publicState.chainCode),
        backupKey: ((k) => (k === undefined ? undefined : hexToBytes(k)))(
          key.publicState.offline?.find((o) => o.index === 3)?.encryptionKey,
        ),
      } satisfies PublicKeyState & { backupKey: Uint8Array | undefined }
    },

    backupEnvelope: {
      async get(session, keyId) {
        try {
          const body = (await http(session, `/v1/keys/${encodeURIComponent(keyId)}/backup`)) as {
            epoch: number
            envelope: string
          }
          return { epoch: body.epoch, envelope: base64urlnopad.decode(body.envelope) }
        } catch (error) {
          if (error instanceof CosignerLinkError && error.code === 'NotFound') return undefined
          throw error
        }
      },
      async put(session, keyId, record) {
        await http(session, `/v1/keys/${encodeURIComponent(keyId)}/backup`, {
          method: 'PUT',
          body: { epoch: record.epoch, envelope: base64urlnopad.encode(record.envelope) },
        })
      },
    },

    async exportShare(session, request) {
      const lease = await connect(session)
      let clean = false
      try {
        const reply = await exchangeRound(lease.connection.stream('key-export'), 'key-export', 1, {
          keyId: request.keyId,
          epoch: request.epoch,
          confirmation: request.confirmation,
        })
        clean = true
        return reply.share
      } catch (error) {
        throw toLinkError(error)
      } finally {
        lease.release(clean)
      }
    },
  }

  /**
   * Runs `f` on an open run; a failure ends the run and retires its connection (closed once no
   * other run is on it), which ends the co-signer's side of the run.
   */
  async function within<T>(id: string, run: Run, f: () => Promise<T>): Promise<T> {
    try {
      return await f()
    } catch (error) {
      end(id, run, false)
      throw toLinkError(error)
    }
  }

  /** Ends a run: `clean` when the co-signer finished it (its stream ended there too). */
  function end(id: string, run: Run, clean: boolean): void {
    runs.delete(id)
    run.lease.release(clean)
  }

  const soter: SoterLink = {
    async challenge(session, purpose) {
      return (await http(session, '/v1/soter/challenge', {
        method: 'POST',
        body: { purpose },
      })) as { challenge: string; purpose: string; expiresAt: number }
    },
    async verify(session, answer) {
      const body = (await http(session, '/v1/soter/verify', {
        method: 'POST',
        body: {
          purpose: answer.purpose,
          resultJSON: answer.resultJSON,
          resultJSONSignature: answer.resultJSONSignature,
        },
      })) as { purpose: string; expiresAt: number }
      return { purpose: body.purpose, expiresAt: body.expiresAt }
    },
  }

  return {
    lifecycle,
    soter,

    close() {
      pool.close()
    },

    async login(proof) {
      const { adapter, body, headers } = loginRequest(proof, options.dappId)
      try {
        const session = await login({
          url: base,
          adapter,
          proof: body,
          ...(headers === undefined ? {} : { headers }),
          ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        })
        return {
          token: session.token,
          expiresAt: session.expiresAt * 1000,
          subject: session.identity,
        }
      } catch (error) {
        throw toLinkError(error)
      }
    },

    dkg: {
      async open(session, request) {
        if (!COSIGNER_CHANNEL_RULES.keyId.test(request.keyId))
          throw new CosignerLinkError(
            'Unsupported',
            `the co-signer's key ids are 1–64 of A–Z a–z 0–9 _ . -, not "${request.keyId.slice(0, 80)}"`,
          )
        const lease = await connect(session)
        const stream = lease.connection.stream('dkg')
        runs.set(stream.sid, {
          kind: 'dkg',
          lease,
          stream,
          request,
          stage: 0,
          ours: [],
          ahead: [],
        })
        return { run: stream.sid }
      },

      async step(_session, id, messages) {
        const run = find(id, 'dkg')
        return within(id, run, async () => {
          const { stream, request } = run
          const mine = to(messages, COSIGNER)
          switch (run.stage) {
            case 0: {
              const reply = await exchangeRound(
                stream,
                'dkg',
                1,
                {
                  variant: 'start',
                  curve: request.curve,
                  t: request.t,
                  n: request.n,
                  online: [1, COSIGNER],
                  offline: request.offline.map((o) => ({
                    index: o.index,
                    encryptionKey: o.encryptionKey,
                  })),
                  messages: mine,
                },
                request.keyId,
              )
              if (reply.variant !== 'started')
                throw new CosignerLinkError(
                  'BadReply',
                  'the co-signer completed a DKG it was asked to start',
                )
              run.ahead = ofRound<DkgMessage>(reply.messages, 2)
              run.stage = 1
              return { done: false, messages: ofRound<DkgMessage>(reply.messages, 1) }
            }
            case 1:
              // The co-signer's round 2 came with round 1; ours goes with our round 3.
              run.ours = mine
              run.stage = 2
              return { done: false, messages: run.ahead }
            case 2: {
              const reply = await exchangeRound(stream, 'dkg', 2, {
                messages: [...run.ours, ...mine],
              })
              run.ahead = ofRound<DkgMessage>(reply.messages, 4)
              run.stage = 3
              return { done: false, messages: ofRound<DkgMessage>(reply.messages, 3) }
            }
            case 3: {
              const reply = await exchangeRound(stream, 'dkg', 3, { messages: mine })
              run.publicKey = reply.publicKey
              run.stage = 4
              return { done: true, messages: run.ahead }
            }
            default:
              throw new CosignerLinkError('OutOfOrder', 'the DKG is done: report it stored')
          }
        })
      },

      async stored(_session, id, publicKey) {
        const run = find(id, 'dkg')
        await within(id, run, async () => {
          if (run.stage !== 4 || run.publicKey === undefined)
            throw new CosignerLinkError('OutOfOrder', 'the DKG is not done yet')
          // Public keys: comparing their hex is fine (nothing secret).
          if (bytesToHex(run.publicKey) !== bytesToHex(publicKey))
            throw new CosignerLinkError(
              'BadReply',
              'the co-signer finished the DKG with another public key',
            )
          await exchangeRound(run.stream, 'dkg', 4, { stored: true })
        })
        end(id, run, true)
      },

      abort(id) {
        const run = runs.get(id)
        if (run?.kind === 'dkg') end(id, run, false)
      },
    },

    sign: {
      async open(session, request) {
        const path = wirePath(request.path)
        const wire = signingRequest(request.context, request.messageHash)
        const lease = await connect(session)
        const stream = lease.connection.stream('dkls23-sign')
        const run: SignRun = { kind: 'sign', lease, stream, stage: 1 }
        runs.set(stream.sid, run)
        return within(stream.sid, run, async () => {
          const reply = await exchangeRound(stream, 'dkls23-sign', 1, {
            variant: 'online',
            keyId: request.keyId,
            epoch: request.epoch,
            path,
            request: wire,
            digest: request.messageHash,
            nonce: request.nonce,
          })
          if (reply.variant !== 'online')
            throw new CosignerLinkError(
              'BadReply',
              'the co-signer answered an online signature as presigned',
            )
          return {
            run: stream.sid,
            nonce: reply.nonce,
            round1: ofRound<SignMessage>(reply.messages, 1),
          }
        })
      },

      async finish(_session, id, ours) {
        const run = find(id, 'sign')
        return within(id, run, async () => {
          if (run.stage !== 1) throw new CosignerLinkError('OutOfOrder', 'the run is finished')
          const reply = await exchangeRound(run.stream, 'dkls23-sign', 2, {
            messages: [...ours.round1, ...ours.round2],
          })
          run.stage = 2
          return {
            round2: ofRound<SignMessage>(reply.messages, 2),
            round3: ofRound<SignMessage>(reply.messages, 3),
          }
        })
      },

      async complete(_session, id, round3) {
        const run = find(id, 'sign')
        await within(id, run, async () => {
          if (run.stage !== 2) throw new CosignerLinkError('OutOfOrder', 'the run is not finished')
          await exchangeRound(run.stream, 'dkls23-sign', 3, { messages: [...round3] })
        })
        end(id, run, true)
      },

      abort(id) {
        const run = runs.get(id)
        if (run?.kind === 'sign') end(id, run, false)
      },
    },

    presign: {
      async open(session, request) {
        const path = wirePath(request.path)
        const lease = await connect(session)
        const stream = lease.connection.stream('dkls23-presign')
        const run: PresignRun = { kind: 'presign', lease, stream }
        runs.set(stream.sid, run)
        return within(stream.sid, run, async () => {
          const reply = await exchangeRound(stream, 'dkls23-presign', 1, {
            keyId: request.keyId,
            epoch: request.epoch,
            path,
            nonce: request.nonce,
          })
          return {
            run: stream.sid,
            nonce: reply.nonce,
            round1: ofRound<SignMessage>(reply.messages, 1),
          }
        })
      },

      async finish(_session, id, ours) {
        const run = find(id, 'presign')
        const reply = await within(id, run, () =>
          exchangeRound(run.stream, 'dkls23-presign', 2, {
            messages: [...ours.round1, ...ours.round2],
          }),
        )
        end(id, run, true)
        return {
          round2: ofRound<SignMessage>(reply.messages, 2),
          presignature: reply.presignature,
        }
      },

      abort(id) {
        const run = runs.get(id)
        if (run?.kind === 'presign') end(id, run, false)
      },

      async sign(session, request) {
        const path = wirePath(request.path)
        const wire = signingRequest(request.context, request.messageHash)
        const lease = await connect(session)
        let clean = false
        try {
          const reply = await exchangeRound(
            lease.connection.stream('dkls23-sign'),
            'dkls23-sign',
            1,
            {
              variant: 'presigned',
              keyId: request.keyId,
              epoch: request.epoch,
              path,
              request: wire,
              digest: request.messageHash,
              presignature: request.presignature,
            },
          )
          if (reply.variant !== 'presigned')
            throw new CosignerLinkError(
              'BadReply',
              'the co-signer answered a presigned signature as online',
            )
          clean = true
          return ofRound<SignMessage>(reply.messages, 3)
        } catch (error) {
          throw toLinkError(error)
        } finally {
          lease.release(clean)
        }
      },
    },

    frost: {
      async open(session, request) {
        const path = wirePath(request.path)
        const lease = await connect(session)
        const stream = lease.connection.stream('frost-sign')
        const run: FrostRun = { kind: 'frost', lease, stream }
        runs.set(stream.sid, run)
        return within(stream.sid, run, async () => {
          const reply = await exchangeRound(stream, 'frost-sign', 1, {
            keyId: request.keyId,
            epoch: request.epoch,
            path,
            message: request.message,
            request: solanaRequest(request.context, request.message),
            commitment: request.commitment,
          })
          return { run: stream.sid, commitment: reply.commitment }
        })
      },

      async finish(_session, id, share) {
        const run = find(id, 'frost')
        const reply = await within(id, run, () =>
          exchangeRound(run.stream, 'frost-sign', 2, { share }),
        )
        end(id, run, true)
        return reply.signature
      },

      abort(id) {
        const run = runs.get(id)
        if (run?.kind === 'frost') end(id, run, false)
      },
    },
  }
}
