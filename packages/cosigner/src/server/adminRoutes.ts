/**
 * The admin API (policy management) behind `COSIGNER_ADMIN_TOKEN`: compared in constant time
 * through SHA-256 digests; disabled entirely when no token is configured. Every change is
 * audited under the affected identity. Never logs the token.
 */
import type { IncomingMessage } from 'node:http'
import { equalBytes } from '@noble/curves/utils.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { CosignerFrameError, canonicalDappOrigin } from '@tessera/protocol/cosigner'
import { appendAudit } from '../audit/auditLog.ts'
import { CosignerError } from '../errors.ts'
import { parsePolicy } from '../policy/policy.ts'
import { forgetPolicies } from '../policy/policyCache.ts'
import { deletePolicy, getPolicy, putPolicy } from '../policy/policyStore.ts'
import { readJsonObject } from './body.ts'
import type { CosignerContext } from './context.ts'

async function requireAdmin(ctx: CosignerContext, req: IncomingMessage, address: string) {
  if (ctx.config.adminToken === '')
    throw new CosignerError('NotFound', 'the admin API is disabled (no COSIGNER_ADMIN_TOKEN)')
  await ctx.adminGuard.check(address)
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')
  if (
    match?.[1] === undefined ||
    !equalBytes(sha256(utf8ToBytes(match[1])), sha256(utf8ToBytes(ctx.config.adminToken)))
  ) {
    await ctx.adminGuard.fail(address)
    throw new CosignerError('Unauthorized', 'admin token missing or wrong')
  }
}

const IDENTITY = /^(\*|(wechat|alipay|telegram|oidc):\S{3,400})$/
const DAPP = /^(\*|[a-z0-9][a-z0-9._-]{0,63})$/

/**
 * `<dapp>` is `*`, a dapp ORIGIN (percent-encoded, `https%3A%2F%2Fapp.example`: stored in its
 * canonical form, the key signing requests are matched by), or a legacy dapp id label (the login's
 * `dappId`; such a document binds nothing, docs/COSIGNER.md#whose-rules-apply).
 */
function target(identityPart: string, dappPart: string) {
  let identity: string
  let dapp: string
  try {
    identity = decodeURIComponent(identityPart)
    dapp = decodeURIComponent(dappPart)
  } catch {
    throw new CosignerError('BadRequest', 'identity or dapp is not valid percent-encoding')
  }
  if (!IDENTITY.test(identity))
    throw new CosignerError(
      'BadRequest',
      'identity must be "*" or an identity string such as wechat:<appid>:<id>',
    )
  if (dapp.includes(':')) {
    try {
      return { identity, dappId: canonicalDappOrigin(dapp, 'dapp'), origin: true }
    } catch (error) {
      if (!(error instanceof CosignerFrameError)) throw error
      throw new CosignerError('BadRequest', error.shortMessage)
    }
  }
  if (!DAPP.test(dapp))
    throw new CosignerError(
      'BadRequest',
      'dapp must be "*", a dapp origin such as https://app.example, or a dapp id',
    )
  return { identity, dappId: dapp, origin: false }
}

export async function adminPolicy(
  ctx: CosignerContext,
  req: IncomingMessage,
  identityPart: string,
  dappPart: string,
  /** The client's address (after `trustProxy`), for the failed-attempt lockout. */
  address: string,
) {
  await requireAdmin(ctx, req, address)
  const { identity, dappId, origin } = target(identityPart, dappPart)
  const key = origin ? { dappId, origin: dappId } : { dappId }
  if (req.method === 'GET') {
    const policy = await getPolicy(ctx.db, identity, dappId)
    if (policy === undefined)
      throw new CosignerError('NotFound', 'no policy for this identity and dapp')
    return { identity, ...key, policy }
  }
  if (req.method === 'PUT') {
    const policy = parsePolicy(await readJsonObject(req, ctx.config.maxBodyBytes))
    await putPolicy(ctx.db, identity, dappId, policy, ctx.now())
    // This process reads the documents again at once; the others at their next commit (the
    // version the change moved is checked there, policy/policyCache.ts).
    forgetPolicies(ctx.db)
    await appendAudit(
      ctx.db,
      {
        identity,
        dappId,
        kind: 'policy-change',
        data: {
          action: 'put',
          ...(origin ? { origin: dappId } : {}),
          policy: JSON.parse(JSON.stringify(policy)),
        },
      },
      ctx.now(),
    )
    ctx.log.info('policy_changed', { identity, dapp: dappId })
    return { identity, ...key, policy }
  }
  if (req.method === 'DELETE') {
    if (!(await deletePolicy(ctx.db, identity, dappId)))
      throw new CosignerError('NotFound', 'no policy for this identity and dapp')
    forgetPolicies(ctx.db)
    await appendAudit(
      ctx.db,
      {
        identity,
        dappId,
        kind: 'policy-change',
        data: { action: 'delete', ...(origin ? { origin: dappId } : {}) },
      },
      ctx.now(),
    )
    return { identity, ...key, deleted: true }
  }
  throw new CosignerError('BadRequest', `method ${req.method} not allowed here`)
}
