/**
 * Refresh and recovery inside the Worker (docs/THRESHOLD.md#refresh-backup-recovery), driven round
 * by round like the DKG. Share-changing runs are behind a per-key lock (docs/STYLE.md#14-secrets:
 * one refresh or re-share at a time per key). Two-phase commit: a dealer's pending share is
 * persisted beside its current one BEFORE its ack leaves; the switch is persisted when every ack is
 * in; after a crash `resolvePendingRefresh` finishes or abandons from the peers' reports.
 */

import { bytesToHex, clean } from '@noble/hashes/utils.js'
import { type KeyShare, type PublicKeyState, publicKeyState } from '../dkg/keyShare.ts'
import { deserializeKeyShare, serializeKeyShare } from '../dkg/keyShareCodec.ts'
import type { OfflineParty } from '../dkg/types.ts'
import { type Rng, randomBytes } from '../encoding/random.ts'
import { MpcError } from '../errors.ts'
import { recoveryHelperStart, recoveryTargetStart } from '../recovery/recoveryStart.ts'
import { applyOfflineRefresh } from '../refresh/applyOfflineRefresh.ts'
import { type PeerRefreshStatus, resolveRefresh } from '../refresh/refreshCommit.ts'
import { reshareCommit } from '../refresh/reshareCommit.ts'
import { cleanReshare, participants } from '../refresh/reshareCommon.ts'
import { reshareConfirm } from '../refresh/reshareConfirm.ts'
import { reshareFinish } from '../refresh/reshareFinish.ts'
import { reshareReveal } from '../refresh/reshareReveal.ts'
import { refreshStart } from '../refresh/reshareStart.ts'
import type { ReshareMessage, ReshareState, ReshareTranscript } from '../refresh/reshareTypes.ts'
import { type BackupSource, openBackupShare, sealBackupShare, wipeShare } from './backupShares.ts'
import type { KeyInfo, KeyVault } from './keyVault.ts'
import { type Channel, type ChannelOptions, createChannel } from './privatePayload.ts'

export type ReshareStepResult =
  | { readonly done: false; readonly messages: ReshareMessage[] }
  | { readonly done: true; readonly key: KeyInfo; readonly transcript: ReshareTranscript }
  | {
      readonly done: true
      /** A backup session's new share, sealed to the new backup key; never stored here. */
      readonly sealed: { readonly share: Uint8Array; readonly public: PublicKeyState }
      readonly transcript: ReshareTranscript
    }

type Session = {
  state: ReshareState
  handle: string | undefined
  channel: Channel
  /** A backup share used for this run only (wiped when the session closes). */
  transient?: KeyShare
  /** Seal the new share to this X25519 key instead of storing it (the backup's side). */
  sealTo?: Uint8Array
}

export function createReshareSessions(
  vault: KeyVault,
  rng: Rng | undefined,
  takeBackupKey: (handle: string) => Uint8Array,
  onSwitch: (handle: string) => Promise<void>,
) {
  const sessions = new Map<string, Session>()
  const locked = new Set<string>()

  function lock(handle: string): void {
    if (locked.has(handle)) {
      throw new MpcError('Abort', 'a refresh or re-share of this key is already running')
    }
    locked.add(handle)
  }

  function open(
    state: ReshareState,
    messages: ReshareMessage[],
    handle: string | undefined,
    channelOptions: ChannelOptions | undefined,
    backup: Pick<Session, 'transient' | 'sealTo'> = {},
  ) {
    let channel: Channel
    try {
      const others = participants(state.config).filter((p) => p !== state.config.index)
      channel = createChannel(channelOptions, others, takeBackupKey, rng)
    } catch (error) {
      if (handle !== undefined) locked.delete(handle)
      if (backup.transient !== undefined) wipeShare(backup.transient)
      throw error
    }
    const session = `reshare-${bytesToHex(randomBytes(16, rng))}`
    sessions.set(session, { state, handle, channel, ...backup })
    return { session, messages }
  }

  function close(session: string, s: Session): void {
    sessions.delete(session)
    cleanReshare(s.state)
    s.channel.close()
    if (s.transient !== undefined) wipeShare(s.transient)
    if (s.state.pending !== undefined && s.handle === undefined)
      clean(s.state.pending.share.secretShare)
    if (s.handle !== undefined) locked.delete(s.handle)
  }

  function sealTo(key: unknown): Uint8Array {
    if (!(key instanceof Uint8Array) || key.length !== 32)
      throw new MpcError('Malformed', '"sealTo" expected a 32-byte X25519 public key')
    return key.slice()
  }

  const withRng = rng === undefined ? {} : { rng }

  async function dealer<T>(
    handle: string,
    start: (share: Awaited<ReturnType<KeyVault['load']>>) => T,
  ) {
    const share = await vault.load(handle)
    const stored = await vault.record(handle)
    const hasPending = stored.pending !== undefined
    clean(stored.share)
    if (stored.pending !== undefined) clean(stored.pending.share)
    if (hasPending) {
      throw new MpcError('Abort', 'a refresh of this key awaits resolution (resolvePendingRefresh)')
    }
    lock(handle)
    try {
      // The protocol erases the old share on switch: give it a copy the vault does not cache.
      return start(structuredClone(share))
    } catch (error) {
      locked.delete(handle)
      throw error
    }
  }

  return {
    async refreshStart(
      handle: string,
      options: {
        online: readonly number[]
        offline?: readonly OfflineParty[]
        channel?: ChannelOptions
      },
    ) {
      const { channel, ...rest } = options
      const { state, messages } = await dealer(handle, (share) =>
        refreshStart(share, { ...rest, ...withRng }),
      )
      return open(state, messages, handle, channel)
    },

    async recoveryHelperStart(
      handle: string,
      options: {
        helpers: readonly number[]
        target: number
        offline?: readonly OfflineParty[]
        channel?: ChannelOptions
      },
    ) {
      const { channel, ...rest } = options
      const { state, messages } = await dealer(handle, (share) =>
        recoveryHelperStart(share, { ...rest, ...withRng }),
      )
      return open(state, messages, handle, channel)
    },

    /** The new device: no share yet, the co-signer's public record and the helpers' indices. */
    async recoveryTargetStart(options: {
      record: PublicKeyState
      index: number
      helpers: readonly number[]
      offline?: readonly OfflineParty[]
      expectedPublicKey?: Uint8Array
      channel?: ChannelOptions
    }) {
      const { channel, ...rest } = options
      const { state, messages } = recoveryTargetStart({ ...rest, ...withRng })
      return open(state, messages, undefined, channel)
    },

    /**
     * Recovery on a new device, the BACKUP's side (docs/THRESHOLD.md#recovery): its share is
     * opened from `source` for this run only (never stored; wiped when the run ends) and its new
     * share of epoch + 1 comes back sealed to `sealTo` (the new backup key), never stored either.
     */
    async backupHelperStart(
      source: BackupSource,
      options: {
        record: PublicKeyState
        helpers: readonly number[]
        target: number
        sealTo: Uint8Array
        channel?: ChannelOptions
      },
    ) {
      const to = sealTo(options.sealTo)
      const share = openBackupShare(source, options.record, takeBackupKey)
      let started: ReturnType<typeof recoveryHelperStart>
      try {
        started = recoveryHelperStart(structuredClone(share), {
          helpers: options.helpers,
          target: options.target,
          ...withRng,
        })
      } catch (error) {
        wipeShare(share)
        throw error
      }
      return open(started.state, started.messages, undefined, options.channel, {
        transient: share,
        sealTo: to,
      })
    },

    /**
     * A re-share that gives the backup a FRESH share (a refresh with a new backup key), the
     * backup's side hosted here: it holds nothing before, and its new share comes back sealed to
     * `sealTo`, never stored.
     */
    async backupTargetStart(options: {
      record: PublicKeyState
      index: number
      helpers: readonly number[]
      sealTo: Uint8Array
      channel?: ChannelOptions
    }) {
      const to = sealTo(options.sealTo)
      const { state, messages } = recoveryTargetStart({
        record: options.record,
        index: options.index,
        helpers: options.helpers,
        ...withRng,
      })
      return open(state, messages, undefined, options.channel, { sealTo: to })
    },

    async reshareStep(session: string, inbound: readonly unknown[]): Promise<ReshareStepResult> {
      const s = typeof session === 'string' ? sessions.get(session) : undefined
      if (s === undefined) throw new MpcError('Malformed', `unknown re-share session "${session}"`)
      const { state, handle, channel } = s
      try {
        const opened = channel.open(inbound)
        switch (state.step) {
          case 2:
            return { done: false, messages: reshareCommit(state, opened).messages }
          case 3:
            return { done: false, messages: channel.seal(reshareReveal(state, opened).messages) }
          case 4: {
            const { messages, pending } = reshareConfirm(state, opened)
            if (handle !== undefined && state.share !== undefined) {
              // Two-phase commit, phase 1: both shares durable before our ack is released.
              await vault.put(handle, {
                share: serializeKeyShare(state.share),
                pending: {
                  share: serializeKeyShare(pending.share),
                  ack: pending.ack,
                  sid: pending.sid,
                },
              })
            }
            return { done: false, messages }
          }
          case 5: {
            const { keyShare, transcript } = reshareFinish(state, opened)
            if (s.sealTo !== undefined) {
              try {
                const share = sealBackupShare(keyShare, s.sealTo, rng)
                return {
                  done: true,
                  sealed: { share, public: publicKeyState(keyShare) },
                  transcript,
                }
              } finally {
                wipeShare(keyShare)
                close(session, s)
              }
            }
            let key: KeyInfo
            if (handle === undefined) {
              key = await vault.add(keyShare)
            } else {
              // Phase 2: every party acknowledged; switch and erase the old share.
              await vault.put(handle, { share: serializeKeyShare(keyShare) })
              await onSwitch(handle)
              key = await vault.info(handle)
            }
            close(session, s)
            return { done: true, key, transcript }
          }
          default:
            throw new MpcError('Malformed', `re-share session is ${String(state.step)}`)
        }
      } catch (error) {
        if (state.step === 'failed') close(session, s)
        throw error
      }
    },

    /** Abandons a run: a pending share already persisted stays until resolvePendingRefresh. */
    async reshareAbort(session: string): Promise<void> {
      const s = sessions.get(session)
      if (s !== undefined) close(session, s)
    },

    /** The offline backup's side of a refresh: apply its encrypted deltas from the transcript. */
    async applyOfflineRefresh(handle: string, transcript: ReshareTranscript, backupKey: string) {
      lock(handle)
      try {
        const secretKey = takeBackupKey(backupKey)
        try {
          const next = applyOfflineRefresh(await vault.load(handle), transcript, secretKey)
          await vault.put(handle, { share: serializeKeyShare(next) })
          await onSwitch(handle)
        } finally {
          clean(secretKey)
        }
        return vault.info(handle)
      } finally {
        locked.delete(handle)
      }
    },

    /**
     * After a crash between the two phases: with every peer's ack the pending share becomes
     * current; if a peer never formed one the pending share is dropped; otherwise keep waiting.
     */
    async resolvePendingRefresh(
      handle: string,
      peers: readonly PeerRefreshStatus[],
      parties: readonly number[],
    ): Promise<'switch' | 'abandon' | 'wait'> {
      const stored = await vault.record(handle)
      if (stored.pending === undefined) {
        clean(stored.share)
        return 'wait'
      }
      const current = deserializeKeyShare(stored.share)
      const pending = { ...stored.pending, share: deserializeKeyShare(stored.pending.share) }
      const decision = resolveRefresh({ current, pending }, peers, parties)
      if (decision.action !== 'wait') {
        await vault.put(handle, { share: serializeKeyShare(decision.record.current) })
      }
      if (decision.action === 'switch') await onSwitch(handle)
      clean(stored.share, stored.pending.share, current.secretShare, pending.share.secretShare)
      return decision.action
    },
  }
}
