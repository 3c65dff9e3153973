/**
 * SOTER biometrics as a second factor (docs/AUTH.md#soter-biometrics). The co-signer hands a
 * logged-in WeChat identity a random challenge bound to that identity and to one purpose (a
 * signing request's digest, or a named action); the phone signs a resultJSON holding the
 * challenge in its TEE; the co-signer consumes the challenge, has WeChat verify the signature for
 * the user's openid, and records a short-lived grant that the policy check then spends once.
 *
 * Challenges, results and grants are kept as hashes in the shared single-use table
 * (storage/loginReplay.ts), so every process of a cluster sees them; none is stored in clear.
 */
import { randomBytes } from '@noble/hashes/utils.js'
import { base64url } from '@scure/base'
import { CosignerError } from '../errors.ts'
import type { Queryable } from '../storage/database.ts'
import { claimSingleUse, releaseSingleUse, tokenHash } from '../storage/loginReplay.ts'
import type { SoterResult } from './wechat.ts'

/** How long a challenge may wait for the user's fingerprint or face. */
export const SOTER_CHALLENGE_TTL_MS = 2 * 60_000
/** How long a verified result stays usable for the run it authorizes. */
export const SOTER_GRANT_TTL_MS = 2 * 60_000

/** `digest:<64 hex>` (the request a signing run would sign) or `action:<name>`. */
export const SOTER_PURPOSE = /^(digest:[0-9a-f]{64}|action:[a-z][A-Za-z0-9_-]{0,63})$/

const scope = (identity: string, purpose: string) => JSON.stringify([identity, purpose])
const challengeHash = (identity: string, purpose: string, challenge: string) =>
  tokenHash('soter-challenge', scope(identity, purpose), challenge)
const grantHash = (identity: string, purpose: string) =>
  tokenHash('soter-grant', scope(identity, purpose), '')

export interface SoterChallenge {
  challenge: string
  purpose: string
  expiresAt: number
}

export async function issueSoterChallenge(
  db: Queryable,
  args: { identity: string; purpose: string },
  now: number,
): Promise<SoterChallenge> {
  if (!SOTER_PURPOSE.test(args.purpose))
    throw new CosignerError('BadRequest', 'SOTER purpose must be digest:<64 hex> or action:<name>')
  const challenge = base64url.encode(randomBytes(24))
  const expiresAt = now + SOTER_CHALLENGE_TTL_MS
  await claimSingleUse(
    db,
    'soter-challenge',
    challengeHash(args.identity, args.purpose, challenge),
    expiresAt,
    now,
  )
  return { challenge, purpose: args.purpose, expiresAt }
}

export interface SoterVerifier {
  verifySoter(args: SoterResult & { openid: string }): Promise<boolean>
}

const refused = (why: string) =>
  new CosignerError('Forbidden', `SOTER verification refused: ${why}`)

/**
 * Verifies one SOTER result for `identity` and `purpose`; on success a grant for that pair is
 * recorded. Refused: a result seen before (replay), a challenge that this co-signer did not issue
 * for this identity and purpose or that is used or expired, and a signature WeChat does not
 * accept for this openid.
 */
export async function verifySoterResult(
  db: Queryable,
  wechat: SoterVerifier,
  args: SoterResult & { identity: string; openid: string; purpose: string },
  now: number,
): Promise<{ purpose: string; expiresAt: number }> {
  if (!SOTER_PURPOSE.test(args.purpose))
    throw new CosignerError('BadRequest', 'SOTER purpose must be digest:<64 hex> or action:<name>')
  if (args.resultJSON.length > 4096 || args.resultJSONSignature.length > 4096)
    throw new CosignerError('BadRequest', 'SOTER result is too long')
  let raw: unknown
  try {
    raw = (JSON.parse(args.resultJSON) as { raw?: unknown }).raw
  } catch {
    throw new CosignerError('BadRequest', 'SOTER resultJSON is not JSON')
  }
  if (typeof raw !== 'string') throw new CosignerError('BadRequest', 'SOTER resultJSON has no raw')
  // The same signed result is accepted once, whoever submits it.
  await claimSingleUse(
    db,
    'soter-result',
    tokenHash('soter-result', '', args.resultJSON),
    now + SOTER_CHALLENGE_TTL_MS * 2,
    now,
  ).catch((error: unknown) => {
    if (error instanceof CosignerError && error.code === 'CodeReplayed')
      throw new CosignerError('CodeReplayed', 'SOTER result was already used')
    throw error
  })
  const consumed = await db.query(
    `DELETE FROM login_replay WHERE provider = 'soter-challenge' AND token_hash = $1
     AND expires_at >= $2 RETURNING expires_at`,
    [challengeHash(args.identity, args.purpose, raw), now],
  )
  if (consumed.length === 0)
    throw refused(
      'the challenge was not issued for this identity and request, or is used or expired',
    )
  let ok: boolean
  try {
    ok = await wechat.verifySoter({
      openid: args.openid,
      resultJSON: args.resultJSON,
      resultJSONSignature: args.resultJSONSignature,
    })
  } catch (error) {
    // WeChat busy or unreachable: nothing was judged, so the challenge and the result are given
    // back and the signer may send the same answer again.
    if (error instanceof CosignerError && error.retryable) {
      await releaseSingleUse(db, 'soter-result', tokenHash('soter-result', '', args.resultJSON))
      await db.query(
        `INSERT INTO login_replay (provider, token_hash, created_at, expires_at)
         VALUES ('soter-challenge', $1, $2, $3) ON CONFLICT (provider, token_hash) DO NOTHING`,
        [challengeHash(args.identity, args.purpose, raw), now, consumed[0]?.expires_at ?? now],
      )
    }
    throw error
  }
  if (!ok) throw refused('WeChat did not accept the signature for this user')
  const expiresAt = now + SOTER_GRANT_TTL_MS
  await db.query(
    `INSERT INTO login_replay (provider, token_hash, created_at, expires_at)
     VALUES ('soter-grant', $1, $2, $3)
     ON CONFLICT (provider, token_hash) DO UPDATE SET created_at = $2, expires_at = $3`,
    [grantHash(args.identity, args.purpose), now, expiresAt],
  )
  return { purpose: args.purpose, expiresAt }
}

/** Spends the grant for (identity, purpose): true once per verified result, while it is fresh. */
export async function consumeSoterGrant(
  db: Queryable,
  identity: string,
  purpose: string,
  now: number,
): Promise<boolean> {
  const rows = await db.query(
    `DELETE FROM login_replay WHERE provider = 'soter-grant' AND token_hash = $1
     AND expires_at >= $2 RETURNING provider`,
    [grantHash(identity, purpose), now],
  )
  return rows.length > 0
}
