/**
 * Test/bench-only: runs a refresh among the given online shares in memory (dealing, applying,
 * acks, two-phase commit) and returns the new shares. Not exported from the package.
 */
import type { KeyShare } from '../dkg/keyShare.ts'
import type { Rng } from '../encoding/random.ts'
import { randomBytes } from '../encoding/random.ts'
import { deriveSid } from '../hash/sid.ts'
import { refreshApply } from '../refresh/refreshApply.ts'
import { resolveRefresh } from '../refresh/refreshCommit.ts'
import { refreshDeal } from '../refresh/refreshDeal.ts'

export function refreshShares(input: readonly KeyShare[], rng?: Rng): KeyShare[] {
  // The two-phase commit wipes the old shares it replaces; work on copies of the inputs.
  const shares = input.map((s) => structuredClone(s))
  const first = shares[0] as KeyShare
  const parties = shares.map((s) => s.index)
  const sid = deriveSid({
    protocol: 'refresh',
    keyId: first.keyId,
    epoch: first.epoch,
    parties,
    nonces: parties.map(() => randomBytes(32, rng)),
    context: [],
  })
  const dealt = shares.map((s) => refreshDeal(s, { sid, ...(rng === undefined ? {} : { rng }) }))
  const pendings = shares.map((s) =>
    refreshApply(
      s,
      sid,
      dealt.map((d) => d.dealing),
      new Map(dealt.map((d) => [d.dealing.from, d.deltas.get(s.index) as Uint8Array])),
    ),
  )
  return shares.map((s, k) => {
    const peers = pendings.flatMap((p, j) =>
      j === k ? [] : [{ index: parties[j] as number, ack: p.ack }],
    )
    const decision = resolveRefresh(
      { current: s, pending: pendings[k] as (typeof pendings)[number] },
      peers,
      parties,
    )
    return decision.record.current
  })
}
