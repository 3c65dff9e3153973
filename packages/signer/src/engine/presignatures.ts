/**
 * DKLs23 presignatures made ahead with the co-signer (docs/THRESHOLD.md#presignatures), so an
 * approved request signs in one round trip (signDigest.ts). A presignature belongs to one key,
 * epoch and derivation path (its sid binds δ and the path); the shelf keeps the ready ids per
 * key handle and path, in memory only, like the presignatures themselves
 * (vault/memoryPresignatures.ts): a reload or a restored store starts with none. `take` hands an
 * id out once; the engine and the co-signer each consume their half durably before using it.
 */
import type { SignMessage } from '@tessera/mpc'
import type { SignerContext, WalletKey } from './types.ts'

export type PresignatureShelf = {
  /**
   * Makes one presignature for `key` at `path` with the co-signer (two round trips). An aborted
   * `signal` stops it before its next step (the co-signer's run and the engine session are
   * aborted) and rejects with the signal's reason.
   */
  fill(ctx: SignerContext, key: WalletKey, path: string, signal?: AbortSignal): Promise<string>
  /** A ready id for `key` at `path`, taken out of the shelf, or undefined. */
  take(key: WalletKey, path: string): string | undefined
  size(key: WalletKey, path: string): number
  /** Forgets every id of a key (refreshed, deleted, or its epoch changed). */
  clear(key: WalletKey): void
}

const slot = (key: WalletKey, path: string) =>
  `${key.handle}\n${key.public.keyId}\n${key.public.epoch}\n${path}`

export function presignatureShelf(): PresignatureShelf {
  const ready = new Map<string, string[]>()
  return {
    async fill(ctx, key, path, signal) {
      const { engine, link } = ctx
      signal?.throwIfAborted()
      const opened = await engine.dklsOpen(key.handle, { signers: [1, 2], path })
      let open = true
      let run: string | undefined
      try {
        const theirs = await link.presign.open(ctx.session(), {
          keyId: key.public.keyId,
          epoch: key.public.epoch,
          path,
          nonce: opened.nonce,
        })
        run = theirs.run
        signal?.throwIfAborted()
        const round1 = await engine.dklsRound1(opened.session, { 2: theirs.nonce })
        const round2: SignMessage[] = await engine.dklsRound2(opened.session, [...theirs.round1])
        signal?.throwIfAborted()
        const rest = await link.presign.finish(ctx.session(), theirs.run, { round1, round2 })
        run = undefined
        const { presignature } = await engine.dklsPresign(opened.session, [...rest.round2])
        open = false
        if (presignature !== rest.presignature) {
          throw new Error('dkls23: the co-signer named another presignature')
        }
        // Cancelled while the last step ran: never shelved, so never used.
        signal?.throwIfAborted()
        const at = slot(key, path)
        ready.set(at, [...(ready.get(at) ?? []), presignature])
        return presignature
      } finally {
        if (run !== undefined) link.presign.abort(run)
        if (open) await engine.dklsAbort(opened.session).catch(() => undefined)
      }
    },
    take(key, path) {
      const at = slot(key, path)
      const [first, ...rest] = ready.get(at) ?? []
      if (rest.length === 0) ready.delete(at)
      else ready.set(at, rest)
      return first
    },
    size(key, path) {
      return ready.get(slot(key, path))?.length ?? 0
    },
    clear(key) {
      for (const at of [...ready.keys()]) if (at.startsWith(`${key.handle}\n`)) ready.delete(at)
    },
  }
}
