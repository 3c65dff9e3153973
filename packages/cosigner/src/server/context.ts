/**
 * Everything a request handler needs, built once by startCosigner: storage, keys, clocks,
 * login adapters, the MPC party, logging and metrics. Holds secrets (keyring, signing key,
 * Noise key): never serialise or log it.
 */
import type { IncomingMessage } from 'node:http'
import type { KeyPair } from '@tessera/noise'
import type { Slots } from '@tessera/server-kit'
import type { CosignerConfig } from '../config.ts'
import type { Keyring } from '../crypto/masterKey.ts'
import type { PublicKeyCache } from '../jwt/publicKeyCache.ts'
import type { Session } from '../jwt/sessionToken.ts'
import type { SigningKey } from '../jwt/signingKeys.ts'
import type { Logger } from '../log.ts'
import type { AlipayClient } from '../login/alipay.ts'
import type { OidcVerifier } from '../login/oidc.ts'
import type { SingleUseExchange } from '../login/singleUseExchange.ts'
import type { TelegramCheck } from '../login/telegramInitData.ts'
import type { WeChatClient } from '../login/wechat.ts'
import type { Metrics } from '../metrics.ts'
import type { MpcParty } from '../mpc/mpcParty.ts'
import type { Database } from '../storage/database.ts'
import type { AdminGuard } from './adminGuard.ts'
import type { LoginLimiter } from './loginLimiter.ts'

export interface Logins {
  wechat: WeChatClient | undefined
  alipay: AlipayClient | undefined
  telegram: TelegramCheck | undefined
  /** By issuer. */
  oidc: Map<string, OidcVerifier>
}

export interface CosignerContext {
  config: CosignerConfig
  /** The URL in `iss`/`aud` of our session JWTs. */
  publicUrl: string
  db: Database
  keyring: Keyring
  now: () => number
  log: Logger
  metrics: Metrics
  signingKey: SigningKey
  publicKeys: PublicKeyCache
  noiseKey: KeyPair
  logins: Logins
  exchange: SingleUseExchange
  party: MpcParty
  /** The client's address of a request (the server kit's, after `trustProxy`). */
  clientIp: (req: IncomingMessage) => string
  verifySession(token: string): Promise<Session>
  loginLimiter: LoginLimiter
  adminGuard: AdminGuard
  /** MPC connection slots per client address and per identity (per process, or the cluster's). */
  mpcSlots: { perIp: Slots; perIdentity: Slots }
}
