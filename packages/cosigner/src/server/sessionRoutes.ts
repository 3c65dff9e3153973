/**
 * Endpoints for a logged-in signer (Bearer session JWT): its own audit records for its dapp, its
 * own keys' public state, and its session. Every query is scoped by the token's `sub` and
 * `dapp`: no parameter can name another identity.
 */
import type { IncomingMessage } from 'node:http'
import { bytesToHex } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import { listAudit } from '../audit/auditLog.ts'
import { CosignerError } from '../errors.ts'
import type { Session } from '../jwt/sessionToken.ts'
import { getBackupEnvelope, putBackupEnvelope } from '../storage/backupEnvelopes.ts'
import { getActiveKey, listKeys } from '../storage/keys.ts'
import { readJsonObject } from './body.ts'
import type { CosignerContext } from './context.ts'

/** A backup envelope holds a DKG transcript at most: generous, bounded. */
export const MAX_BACKUP_ENVELOPE_BYTES = 192 * 1024
const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/

export async function authenticate(ctx: CosignerContext, req: IncomingMessage): Promise<Session> {
  const auth = req.headers.authorization ?? ''
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(auth)
  if (match?.[1] === undefined)
    throw new CosignerError('Unauthorized', 'Authorization must be "Bearer <session token>"')
  return ctx.verifySession(match[1])
}

export async function getAudit(ctx: CosignerContext, req: IncomingMessage, url: URL) {
  const session = await authenticate(ctx, req)
  const limitText = url.searchParams.get('limit')
  const beforeText = url.searchParams.get('before')
  if (limitText !== null && !/^[1-9][0-9]{0,3}$/.test(limitText))
    throw new CosignerError('BadRequest', '"limit" must be an integer of 1..1000')
  if (beforeText !== null && !/^[1-9][0-9]{0,15}$/.test(beforeText))
    throw new CosignerError('BadRequest', '"before" must be a sequence number')
  const records = await listAudit(ctx.db, session.sub, session.dapp, {
    ...(limitText === null ? {} : { limit: Number(limitText) }),
    ...(beforeText === null ? {} : { beforeSeq: Number(beforeText) }),
  })
  return {
    identity: session.sub,
    dapp: session.dapp,
    records: records.map((r) => ({
      seq: r.seq,
      at: r.at,
      kind: r.kind,
      data: r.data,
      prevHash: bytesToHex(r.prevHash),
      hash: bytesToHex(r.hash),
    })),
  }
}

export async function getKeys(ctx: CosignerContext, req: IncomingMessage) {
  const session = await authenticate(ctx, req)
  const keys = await listKeys(ctx.db, session.sub)
  return {
    keys: keys.map((k) => ({
      keyId: k.keyId,
      epoch: k.epoch,
      curve: k.curve,
      status: k.status,
      publicKey: base64urlnopad.encode(k.publicKey),
      publicState: k.publicState,
    })),
  }
}

export async function getSession(ctx: CosignerContext, req: IncomingMessage) {
  const s = await authenticate(ctx, req)
  return {
    identity: s.sub,
    dapp: s.dapp,
    provider: s.amr,
    expiresAt: s.exp * 1000,
    deviceKeyBound: s.cnf !== undefined,
  }
}

/**
 * The public backup envelope of one of the session identity's keys (storage/backupEnvelopes.ts):
 * PUT `{epoch, envelope}` (base64url) for the key's CURRENT epoch only; GET returns the latest.
 */
export async function backupEnvelope(ctx: CosignerContext, req: IncomingMessage, keyId: string) {
  const session = await authenticate(ctx, req)
  if (!KEY_ID.test(keyId)) throw new CosignerError('BadRequest', 'malformed key id')
  if (req.method === 'GET') {
    const found = await getBackupEnvelope(ctx.db, session.sub, keyId)
    if (found === undefined)
      throw new CosignerError('NotFound', `no backup envelope for key ${keyId}`)
    return { keyId, epoch: found.epoch, envelope: base64urlnopad.encode(found.envelope) }
  }
  const body = await readJsonObject(req, MAX_BACKUP_ENVELOPE_BYTES * 2)
  const { epoch, envelope } = body
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0)
    throw new CosignerError('BadRequest', '"epoch" must be a non-negative integer')
  let bytes: Uint8Array
  try {
    bytes = base64urlnopad.decode(String(envelope))
  } catch {
    throw new CosignerError('BadRequest', '"envelope" must be base64url without padding')
  }
  if (bytes.length === 0 || bytes.length > MAX_BACKUP_ENVELOPE_BYTES)
    throw new CosignerError(
      'BadRequest',
      `"envelope" must be 1..${MAX_BACKUP_ENVELOPE_BYTES} bytes`,
    )
  const key = await getActiveKey(ctx.db, session.sub, keyId)
  if (key === undefined) throw new CosignerError('NotFound', `no active key ${keyId}`)
  if (key.epoch !== epoch)
    throw new CosignerError(
      'Conflict',
      `key ${keyId} is at epoch ${key.epoch}: an envelope of epoch ${epoch} is refused`,
    )
  await putBackupEnvelope(ctx.db, session.sub, { keyId, epoch, envelope: bytes }, ctx.now())
  return { keyId, epoch }
}
