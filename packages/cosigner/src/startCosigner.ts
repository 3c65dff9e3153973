/**
 * Starts a co-signer: opens and migrates storage, loads the master key, the JWT signing key
 * and the Noise static key, builds the login adapters that are configured, and serves HTTP and
 * the `/v1/mpc` WebSocket. `close()` stops accepting, ends connections and closes storage.
 * With PGlite and no master key given, a key file is created in the data directory (zero
 * setup; for production, keep the master key elsewhere). Never logs a secret.
 */
import { readFileSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from '@noble/ciphers/utils.js'
import { base64urlnopad } from '@scure/base'
import {
  clientAddress,
  hostPort,
  memorySlots,
  memoryWindowCounter,
  postgresFailure,
  redisFailure,
  redisSlots,
  redisWindowCounter,
  serve,
} from '@tessera/server-kit'
import { Redis } from 'ioredis'
import { type CosignerConfig, DEFAULTS } from './config.ts'
import {
  createKeyring,
  type Keyring,
  masterKey,
  parseMasterKeyText,
  readMasterKeyFile,
} from './crypto/masterKey.ts'
import { loadNoiseStaticKey } from './crypto/noiseStaticKey.ts'
import { CosignerError } from './errors.ts'
import { createPublicKeyCache } from './jwt/publicKeyCache.ts'
import { verifySessionToken } from './jwt/sessionToken.ts'
import { loadSigningKey } from './jwt/signingKeys.ts'
import { createLogger, type Logger } from './log.ts'
import { createAlipayClient } from './login/alipay.ts'
import type { FetchLike } from './login/fetchText.ts'
import { createOidcVerifier, type OidcVerifier } from './login/oidc.ts'
import { createSingleUseExchange } from './login/singleUseExchange.ts'
import { createWeChatClient } from './login/wechat.ts'
import { createMetrics } from './metrics.ts'
import { createTesseraParty } from './mpc/party/createTesseraParty.ts'
import type { MpcPartyFactory } from './mpc/party/partyServices.ts'
import { createAdminGuard } from './server/adminGuard.ts'
import type { CosignerContext, Logins } from './server/context.ts'
import { httpRoutes } from './server/httpHandler.ts'
import { createLoginLimiter } from './server/loginLimiter.ts'
import { createMpcEndpoint } from './server/mpcUpgrade.ts'
import { openDatabase, type StorageConfig } from './storage/openDatabase.ts'

/** Failed admin authentications one address may make per minute before it is locked out. */
const ADMIN_FAILURES_PER_MINUTE = 10

export interface StartOptions extends Partial<CosignerConfig> {
  /** Clock (ms); tests inject one. */
  now?: () => number
  /** Outgoing HTTP for login adapters. */
  fetch?: FetchLike
  /**
   * Builds the MPC party once storage is open; by default the one on @tessera/mpc (DKG, DKLs23,
   * FROST, refresh, recovery).
   */
  party?: MpcPartyFactory
  logger?: Logger
}

export interface RunningCosigner {
  /** http://host:port */
  url: string
  /** ws://host:port/v1/mpc */
  mpcUrl: string
  /** The Noise static public key signers pin (base64url). */
  noiseStaticKey: string
  close(): Promise<void>
}

async function loadKeyring(config: CosignerConfig, log: Logger): Promise<Keyring> {
  const previous = config.previousMasterKeyFiles.map((file) => masterKey(readMasterKeyFile(file)))
  if (config.masterKey !== '')
    return createKeyring(
      masterKey(parseMasterKeyText(config.masterKey, 'env COSIGNER_MASTER_KEY')),
      previous,
    )
  if (config.masterKeyFile !== '')
    return createKeyring(masterKey(readMasterKeyFile(config.masterKeyFile)), previous)
  if (config.storage !== 'pglite') {
    throw new CosignerError(
      'Misconfigured',
      'a master key is required with PostgreSQL: set COSIGNER_MASTER_KEY or --master-key-file',
    )
  }
  const file = join(config.dataDir, 'master.key')
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 })
  try {
    return createKeyring(masterKey(new Uint8Array(await readFile(file))), previous)
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error
  }
  const key = randomBytes(32)
  await writeFile(file, key, { mode: 0o600, flag: 'wx' })
  log.warn('master_key_created', {
    file,
    note: 'the master key lives beside the data: fine for development, not for production',
  })
  return createKeyring(masterKey(key), previous)
}

function buildLogins(
  config: CosignerConfig,
  now: () => number,
  fetch: FetchLike | undefined,
): Logins {
  const withFetch = fetch === undefined ? {} : { fetch }
  const oidc = new Map<string, OidcVerifier>()
  for (const provider of config.oidcProviders) {
    const at = provider.indexOf('@')
    const clientId = provider.slice(0, at)
    const issuer = provider.slice(at + 1)
    oidc.set(issuer, createOidcVerifier({ issuer, clientId, now, ...withFetch }))
  }
  if (config.wechatAppId !== '' && config.wechatSecret === '')
    throw new CosignerError(
      'Misconfigured',
      'COSIGNER_WECHAT_SECRET is required with a WeChat appid',
    )
  if (
    config.alipayAppId !== '' &&
    (config.alipayPrivateKeyFile === '' || config.alipayPublicKeyFile === '')
  ) {
    throw new CosignerError(
      'Misconfigured',
      'Alipay login needs --alipay-private-key-file and --alipay-public-key-file',
    )
  }
  return {
    wechat:
      config.wechatAppId === ''
        ? undefined
        : createWeChatClient({
            baseUrl: config.wechatBaseUrl,
            appId: config.wechatAppId,
            secret: config.wechatSecret,
            ...withFetch,
          }),
    alipay:
      config.alipayAppId === ''
        ? undefined
        : createAlipayClient({
            baseUrl: config.alipayBaseUrl,
            appId: config.alipayAppId,
            appPrivateKey: readFileSync(config.alipayPrivateKeyFile, 'utf8'),
            alipayPublicKey: readFileSync(config.alipayPublicKeyFile, 'utf8'),
            now,
            ...withFetch,
          }),
    telegram:
      config.telegramBotToken !== ''
        ? { mode: 'hmac', botToken: config.telegramBotToken }
        : config.telegramBotId !== ''
          ? {
              mode: 'ed25519',
              botId: config.telegramBotId,
              environment: config.telegramEnvironment,
            }
          : undefined,
    oidc,
  }
}

export async function startCosigner(options: StartOptions = {}): Promise<RunningCosigner> {
  const { now = Date.now, fetch, party: partyOption, logger, ...overrides } = options
  const config: CosignerConfig = { ...DEFAULTS, ...overrides }
  const log = logger ?? createLogger(config.logLevel, { service: 'cosigner' })
  const keyring = await loadKeyring(config, log)
  const storage: StorageConfig =
    config.storage === 'pglite'
      ? { engine: 'pglite', dataDir: join(config.dataDir, 'pglite') }
      : {
          engine: 'postgres',
          url: config.databaseUrl,
          ...(config.databaseSchema === '' ? {} : { schema: config.databaseSchema }),
        }
  const logins = buildLogins(config, now, fetch)
  const redis = config.redisUrl === '' ? undefined : await openLimitsRedis(config, log)
  const db = await openDatabase(storage, now).catch((error: unknown) => {
    redis?.disconnect()
    throw storage.engine === 'postgres'
      ? (postgresFailure(storage.url, error, storage.schema) ?? error)
      : error
  })
  try {
    const limits = sharedLimits(config, redis, now, log)
    // The issuer needs the port, which is known once listening; the routes read it from here.
    let publicUrl = config.publicUrl
    const publicKeys = createPublicKeyCache(db, now)
    const party = (partyOption ?? createTesseraParty)({
      db,
      keyring,
      now,
      log,
      lockLeaseMs: config.keyLockLeaseMs,
    })
    const ctx: CosignerContext = {
      config,
      get publicUrl() {
        return publicUrl
      },
      db,
      keyring,
      now,
      log,
      metrics: createMetrics(),
      signingKey: await loadSigningKey(db, keyring, now()),
      publicKeys,
      noiseKey: await loadNoiseStaticKey(db, keyring, now()),
      logins,
      exchange: createSingleUseExchange(db, now),
      party,
      loginLimiter: createLoginLimiter(config.loginPerMinuteIp, now, limits.logins),
      adminGuard: createAdminGuard(ADMIN_FAILURES_PER_MINUTE, now, limits.adminFailures),
      mpcSlots: limits.mpcSlots,
      clientIp: clientAddress(config.trustProxy),
      verifySession: (token) =>
        verifySessionToken(token, publicKeys.resolve, {
          issuer: publicUrl,
          audience: publicUrl,
          now,
        }),
    }
    const mpc = createMpcEndpoint(ctx)
    const serving = await serve({
      host: config.host,
      port: config.port,
      trustProxy: config.trustProxy,
      cors: { origins: config.corsOrigins },
      clock: now,
      log,
      metrics: ctx.metrics.registry,
      routes: httpRoutes(ctx),
      upgrade: mpc.upgrade,
      health: {
        service: 'cosigner',
        node: `pid-${process.pid}`,
        engine: db.engine,
        ping: async () => {
          await db.query('SELECT 1')
        },
      },
      close: () => mpc.close(),
      onRequest: (label, status, ms) => {
        ctx.metrics.count('cosigner_http_requests_total', label)
        log.debug('http_request', { route: label, status, ms: Math.round(ms) })
      },
    }).catch(async (error: unknown) => {
      await mpc.close()
      throw error
    })
    const { url } = serving
    if (publicUrl === '') publicUrl = url
    const noiseStaticKey = base64urlnopad.encode(ctx.noiseKey.publicKey)
    log.info('cosigner_started', {
      url,
      publicUrl,
      engine: db.engine,
      noiseStaticKey,
      mpcProtocols: party.protocols.length,
    })
    let closing: Promise<void> | undefined
    return {
      url,
      mpcUrl: `${url.replace(/^http/, 'ws')}/v1/mpc`,
      noiseStaticKey,
      close() {
        closing ??= (async () => {
          await serving.close()
          ctx.noiseKey.privateKey.fill(0)
          await db.close()
          await redis?.quit().catch(() => redis.disconnect())
          log.info('cosigner_stopped', {})
        })()
        return closing
      },
    }
  } catch (error) {
    await db.close()
    redis?.disconnect()
    throw error
  }
}

/**
 * The Redis that makes per-address and per-identity limits the cluster's
 * (docs/DEPLOYMENT.md#limits-across-a-cluster); unreachable at start is a one-line error naming
 * it. Lost and regained are logged at info.
 */
async function openLimitsRedis(config: CosignerConfig, log: Logger): Promise<Redis> {
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 })
  redis.on('error', () => {})
  try {
    await redis.connect()
  } catch (error) {
    redis.disconnect()
    throw redisFailure(config.redisUrl, error)
  }
  const where = hostPort(config.redisUrl, 6379)
  let lost = false
  redis.on('close', () => {
    if (lost || redis.status === 'end') return
    lost = true
    log.info('redis_lost', { redis: where })
  })
  redis.on('ready', () => {
    if (!lost) return
    lost = false
    log.info('redis_regained', { redis: where })
  })
  return redis
}

function sharedLimits(
  config: CosignerConfig,
  redis: Redis | undefined,
  now: () => number,
  log: Logger,
) {
  if (redis === undefined) {
    return {
      logins: memoryWindowCounter(60_000),
      adminFailures: memoryWindowCounter(60_000),
      mpcSlots: {
        perIp: memorySlots(config.mpcConnectionsPerIp),
        perIdentity: memorySlots(config.mpcConnectionsPerIdentity),
      },
    }
  }
  const prefix = `${config.redisPrefix}:limits`
  const onError = (error: unknown) => log.warn('limit_renewal_failed', { error: String(error) })
  return {
    logins: redisWindowCounter(redis, { prefix: `${prefix}:logins`, windowMs: 60_000 }),
    adminFailures: redisWindowCounter(redis, { prefix: `${prefix}:admin`, windowMs: 60_000 }),
    mpcSlots: {
      perIp: redisSlots(redis, {
        prefix: `${prefix}:mpc-ip`,
        max: config.mpcConnectionsPerIp,
        now,
        onError,
      }),
      perIdentity: redisSlots(redis, {
        prefix: `${prefix}:mpc-identity`,
        max: config.mpcConnectionsPerIdentity,
        now,
        onError,
      }),
    },
  }
}
