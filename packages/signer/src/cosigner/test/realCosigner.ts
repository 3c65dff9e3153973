/**
 * Test-only: a REAL co-signer in-process (`startCosigner` on PGlite in a temp dir, the local
 * OIDC issuer double), a link pinned to it, ID tokens for any subject, and the co-signer's audit
 * log of a session read over its HTTP API. Each call starts its own co-signer and data directory
 * (nothing shared between test files); `options` adds to the co-signer's start options (a WeChat
 * double's app id, secret and URL…). Not exported.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningCosigner, type StartOptions, startCosigner } from '@tessera/cosigner'
import { type OidcDouble, startOidcDouble, WebSocket } from '@tessera/cosigner/testing'
import type { CosignerLink, CosignerSession } from '../cosignerLink.ts'
import { createCosignerLink } from '../createCosignerLink.ts'

export type AuditRecord = { readonly kind: string; readonly data: Record<string, unknown> }

export type RealCosigner = {
  readonly cosigner: RunningCosigner
  readonly link: CosignerLink
  /** The OIDC double's issuer: a login's subject is `oidc:${issuer}:${sub}`. */
  readonly issuer: string
  /**
   * A new ID token for `sub`, with its own `jti` as an issuer mints one per login: two tokens made
   * in the same second are two logins, not a replay (the co-signer keys single use on `sub`, `iat`,
   * `jti` and `nonce`).
   */
  idToken(sub: string): Promise<string>
  audit(session: CosignerSession): Promise<AuditRecord[]>
  /** Puts an identity's policy for the `demo` dapp through the admin API. */
  putPolicy(identity: string, policy: unknown): Promise<void>
  close(): Promise<void>
}

const ADMIN_TOKEN = 'signer-tests-admin-token-0123456789abcdef'

export async function startRealCosigner(options: StartOptions = {}): Promise<RealCosigner> {
  const [oidc, dataDir]: [OidcDouble, string] = await Promise.all([
    startOidcDouble(),
    mkdtemp(join(tmpdir(), 'signer-cosigner-')),
  ])
  const cosigner = await startCosigner({
    port: 0,
    dataDir,
    logLevel: 'error',
    oidcProviders: [`tessera@${oidc.issuer}`],
    ...options,
    adminToken: ADMIN_TOKEN,
  })
  const link = createCosignerLink({
    url: cosigner.url,
    mpcUrl: cosigner.mpcUrl,
    noiseStaticKey: cosigner.noiseStaticKey,
    dappId: 'demo',
    WebSocket: WebSocket as never,
  })
  return {
    cosigner,
    link,
    issuer: oidc.issuer,
    async idToken(sub) {
      const now = Math.floor(Date.now() / 1000)
      const jti = randomUUID()
      return oidc.sign({ iss: oidc.issuer, aud: 'tessera', sub, iat: now, exp: now + 300, jti })
    },
    async audit(session) {
      const response = await fetch(`${cosigner.url}/v1/audit?limit=1000`, {
        headers: { authorization: `Bearer ${session.token}` },
      })
      if (!response.ok) throw new Error(`audit: HTTP ${response.status}`)
      return ((await response.json()) as { records: AuditRecord[] }).records
    },
    async putPolicy(identity, policy) {
      const response = await fetch(
        `${cosigner.url}/v1/admin/policies/${encodeURIComponent(identity)}/demo`,
        {
          method: 'PUT',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(policy),
        },
      )
      if (!response.ok) throw new Error(`policy: HTTP ${response.status}`)
    },
    async close() {
      await cosigner.close()
      await oidc.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
