/**
 * SOTER endpoints for a logged-in WeChat signer (docs/AUTH.md#soter-biometrics):
 * `POST /v1/soter/challenge {purpose}` hands out a single-use challenge bound to the session's
 * identity and the purpose; `POST /v1/soter/verify {purpose, resultJSON, resultJSONSignature}`
 * has WeChat verify the phone's signed result and records the grant a `requireSoter` policy
 * spends. The openid WeChat needs comes from the session token, never from the body.
 */
import type { IncomingMessage } from 'node:http'
import { appendAudit } from '../audit/auditLog.ts'
import { CosignerError } from '../errors.ts'
import type { Session } from '../jwt/sessionToken.ts'
import { issueSoterChallenge, SOTER_PURPOSE, verifySoterResult } from '../login/soter.ts'
import type { WeChatClient } from '../login/wechat.ts'
import { readJsonObject, stringField } from './body.ts'
import type { CosignerContext } from './context.ts'
import { authenticate } from './sessionRoutes.ts'

async function wechatSession(
  ctx: CosignerContext,
  req: IncomingMessage,
): Promise<{ session: Session & { openid: string }; client: WeChatClient }> {
  const session = await authenticate(ctx, req)
  const client = ctx.logins.wechat
  if (client === undefined)
    throw new CosignerError('NotFound', 'WeChat login is not configured on this co-signer')
  if (session.amr !== 'wechat' || session.openid === undefined)
    throw new CosignerError('Forbidden', 'SOTER needs a session from a WeChat login')
  return { session: session as Session & { openid: string }, client }
}

export async function soterChallenge(ctx: CosignerContext, req: IncomingMessage) {
  const { session } = await wechatSession(ctx, req)
  const body = await readJsonObject(req, ctx.config.maxBodyBytes)
  const purpose = stringField(body, 'purpose', SOTER_PURPOSE)
  return issueSoterChallenge(ctx.db, { identity: session.sub, purpose }, ctx.now())
}

export async function soterVerify(ctx: CosignerContext, req: IncomingMessage) {
  const { session, client } = await wechatSession(ctx, req)
  const body = await readJsonObject(req, ctx.config.maxBodyBytes)
  const purpose = stringField(body, 'purpose', SOTER_PURPOSE)
  const resultJSON = stringField(body, 'resultJSON', /^[\s\S]{1,4096}$/)
  const resultJSONSignature = stringField(body, 'resultJSONSignature', /^[A-Za-z0-9+/=_-]{1,4096}$/)
  const now = ctx.now()
  const granted = await verifySoterResult(
    ctx.db,
    client,
    { identity: session.sub, openid: session.openid, purpose, resultJSON, resultJSONSignature },
    now,
  )
  await appendAudit(
    ctx.db,
    { identity: session.sub, dappId: session.dapp, kind: 'soter', data: { purpose } },
    now,
  )
  return { verified: true, ...granted }
}
