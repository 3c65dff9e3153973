/**
 * The co-signer's configuration: one table of options, each settable by a command-line flag
 * or an environment variable (flag wins), with its default and documentation, read by the server
 * kit (`readOptions`). `README.md` mirrors this table and `config.test.ts` checks that it does.
 * Secret options (app secrets, tokens, the master key) are accepted from the environment only —
 * never as flags, which other users of the machine can read in the process list — and never logged.
 */
import {
  ConfigError,
  type OptionSpec,
  type OptionTable,
  type ReadOptions,
  readOptions,
} from '@tessera/server-kit'

export interface CosignerConfig {
  host: string
  port: number
  publicUrl: string
  storage: 'pglite' | 'postgres'
  dataDir: string
  databaseUrl: string
  databaseSchema: string
  redisUrl: string
  redisPrefix: string
  masterKey: string
  masterKeyFile: string
  previousMasterKeyFiles: string[]
  sessionTtlSec: number
  maxBodyBytes: number
  roundTimeoutMs: number
  maxStreamsPerConnection: number
  keyLockLeaseMs: number
  handshakeTimeoutMs: number
  partialMessageTimeoutMs: number
  partialBytesPerConnection: number
  partialBytesTotal: number
  pingIntervalMs: number
  mpcConnectionsPerIp: number
  mpcConnectionsPerIdentity: number
  loginPerMinuteIp: number
  workers: number
  adminToken: string
  wechatAppId: string
  wechatSecret: string
  wechatBaseUrl: string
  alipayAppId: string
  alipayPrivateKeyFile: string
  alipayPublicKeyFile: string
  alipayBaseUrl: string
  telegramBotToken: string
  telegramBotId: string
  telegramEnvironment: 'production' | 'test'
  telegramMaxAgeSec: number
  oidcProviders: string[]
  /** Proxies (IP or CIDR) whose X-Forwarded-For gives the client address; empty: off. */
  trustProxy: string[]
  /** Origins whose pages may call the HTTP API from the browser (CORS); empty: none. */
  corsOrigins: string[]
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
}

type Option = OptionSpec<keyof CosignerConfig>

export const DEFAULTS: CosignerConfig = {
  host: '127.0.0.1',
  port: 8788,
  publicUrl: '',
  storage: 'pglite',
  dataDir: './cosigner-data',
  databaseUrl: 'postgres://127.0.0.1:5432/cosigner',
  databaseSchema: '',
  redisUrl: '',
  redisPrefix: 'tessera-cosigner',
  masterKey: '',
  masterKeyFile: '',
  previousMasterKeyFiles: [],
  sessionTtlSec: 600,
  maxBodyBytes: 16 * 1024,
  roundTimeoutMs: 30_000,
  maxStreamsPerConnection: 4,
  keyLockLeaseMs: 30_000,
  handshakeTimeoutMs: 10_000,
  partialMessageTimeoutMs: 30_000,
  partialBytesPerConnection: 4 * 1024 * 1024,
  partialBytesTotal: 256 * 1024 * 1024,
  pingIntervalMs: 30_000,
  mpcConnectionsPerIp: 64,
  mpcConnectionsPerIdentity: 8,
  loginPerMinuteIp: 60,
  workers: 1,
  adminToken: '',
  wechatAppId: '',
  wechatSecret: '',
  wechatBaseUrl: 'https://api.weixin.qq.com',
  alipayAppId: '',
  alipayPrivateKeyFile: '',
  alipayPublicKeyFile: '',
  alipayBaseUrl: 'https://openapi.alipay.com',
  telegramBotToken: '',
  telegramBotId: '',
  telegramEnvironment: 'production',
  telegramMaxAgeSec: 3600,
  oidcProviders: [],
  trustProxy: [],
  corsOrigins: [],
  logLevel: 'info',
}

const o = (option: Option) => option

export const OPTIONS: readonly Option[] = [
  o({
    key: 'host',
    flag: '--host',
    env: 'COSIGNER_HOST',
    kind: 'string',
    doc: 'Interface to listen on',
  }),
  o({
    key: 'port',
    flag: '--port',
    env: 'COSIGNER_PORT',
    kind: 'int',
    min: 0,
    max: 65535,
    doc: 'TCP port (0 picks a free one)',
  }),
  o({
    key: 'publicUrl',
    flag: '--public-url',
    env: 'COSIGNER_PUBLIC_URL',
    kind: 'url',
    protocols: ['http:', 'https:'],
    doc: 'URL signers use; the session JWT `iss` and `aud`. Empty: http://<host>:<port>',
  }),
  o({
    key: 'storage',
    flag: '--storage',
    env: 'COSIGNER_STORAGE',
    kind: 'enum',
    values: ['pglite', 'postgres'],
    doc: 'Storage engine: `pglite` (embedded, one process) or `postgres` (several processes, one database)',
  }),
  o({
    key: 'dataDir',
    flag: '--data-dir',
    env: 'COSIGNER_DATA_DIR',
    kind: 'string',
    doc: 'PGlite data directory',
  }),
  o({
    key: 'databaseUrl',
    flag: '--database-url',
    env: 'COSIGNER_DATABASE_URL',
    kind: 'url',
    protocols: ['postgres:', 'postgresql:'],
    doc: 'PostgreSQL connection URL (put a password in PGPASSWORD, not here)',
  }),
  o({
    key: 'databaseSchema',
    flag: '--database-schema',
    env: 'COSIGNER_DATABASE_SCHEMA',
    kind: 'string',
    doc: 'PostgreSQL schema (search_path); empty: the server default',
  }),
  o({
    key: 'redisUrl',
    flag: '--redis-url',
    env: 'COSIGNER_REDIS_URL',
    kind: 'url',
    protocols: ['redis:', 'rediss:'],
    doc: 'Redis for limits shared by every process (per address and identity); empty: per process',
  }),
  o({
    key: 'redisPrefix',
    flag: '--redis-prefix',
    env: 'COSIGNER_REDIS_PREFIX',
    kind: 'string',
    doc: 'Prefix of the co-signer’s Redis keys',
  }),
  o({
    key: 'masterKey',
    flag: '--master-key',
    env: 'COSIGNER_MASTER_KEY',
    kind: 'string',
    secret: true,
    doc: 'Master key: 32 bytes as 64 hex or 43 base64url characters (or use the file option)',
  }),
  o({
    key: 'masterKeyFile',
    flag: '--master-key-file',
    env: 'COSIGNER_MASTER_KEY_FILE',
    kind: 'string',
    doc: 'File holding the master key (32 raw bytes, or hex/base64url text)',
  }),
  o({
    key: 'previousMasterKeyFiles',
    flag: '--previous-master-key-files',
    env: 'COSIGNER_PREVIOUS_MASTER_KEY_FILES',
    kind: 'list',
    doc: 'Comma-separated files of older master keys, kept while `rotate-master-key` runs',
  }),
  o({
    key: 'sessionTtlSec',
    flag: '--session-ttl-sec',
    env: 'COSIGNER_SESSION_TTL_SEC',
    kind: 'int',
    min: 1,
    max: 900,
    doc: 'Session JWT lifetime, at most 900 s',
  }),
  o({
    key: 'maxBodyBytes',
    flag: '--max-body-bytes',
    env: 'COSIGNER_MAX_BODY_BYTES',
    kind: 'int',
    min: 256,
    doc: 'Largest HTTP request body accepted',
  }),
  o({
    key: 'roundTimeoutMs',
    flag: '--round-timeout-ms',
    env: 'COSIGNER_ROUND_TIMEOUT_MS',
    kind: 'int',
    min: 10,
    doc: 'How long an MPC sub-stream waits for the signer’s next round',
  }),
  o({
    key: 'maxStreamsPerConnection',
    flag: '--max-streams-per-connection',
    env: 'COSIGNER_MAX_STREAMS_PER_CONNECTION',
    kind: 'int',
    min: 1,
    doc: 'Concurrent MPC sub-streams per WebSocket',
  }),
  o({
    key: 'keyLockLeaseMs',
    flag: '--key-lock-lease-ms',
    env: 'COSIGNER_KEY_LOCK_LEASE_MS',
    kind: 'int',
    min: 3000,
    doc: 'Lease of the key lock of a share-changing MPC run, renewed while it lives; a crashed process frees the key after this',
  }),
  o({
    key: 'handshakeTimeoutMs',
    flag: '--handshake-timeout-ms',
    env: 'COSIGNER_HANDSHAKE_TIMEOUT_MS',
    kind: 'int',
    min: 10,
    doc: 'A `/v1/mpc` socket that has not finished the Noise handshake by then is closed (4408)',
  }),
  o({
    key: 'partialMessageTimeoutMs',
    flag: '--partial-message-timeout-ms',
    env: 'COSIGNER_PARTIAL_MESSAGE_TIMEOUT_MS',
    kind: 'int',
    min: 10,
    doc: 'Deadline of a chunked MPC message from its first chunk; past it the connection is closed (4408)',
  }),
  o({
    key: 'partialBytesPerConnection',
    flag: '--partial-bytes-per-connection',
    env: 'COSIGNER_PARTIAL_BYTES_PER_CONNECTION',
    kind: 'int',
    min: 65536,
    doc: 'Bytes of unfinished chunked MPC messages one connection may hold; over it the connection is closed (4413)',
  }),
  o({
    key: 'partialBytesTotal',
    flag: '--partial-bytes-total',
    env: 'COSIGNER_PARTIAL_BYTES_TOTAL',
    kind: 'int',
    min: 65536,
    doc: 'Bytes of unfinished chunked MPC messages all connections of the process may hold; over it the connection is closed (4413)',
  }),
  o({
    key: 'pingIntervalMs',
    flag: '--ping-interval-ms',
    env: 'COSIGNER_PING_INTERVAL_MS',
    kind: 'int',
    min: 10,
    doc: 'Interval of WebSocket pings on `/v1/mpc`; a socket that has not answered the previous ping is terminated',
  }),
  o({
    key: 'mpcConnectionsPerIp',
    flag: '--mpc-connections-per-ip',
    env: 'COSIGNER_MPC_CONNECTIONS_PER_IP',
    kind: 'int',
    min: 1,
    doc: 'Concurrent `/v1/mpc` sockets per client address (per process); more are refused with HTTP 429',
  }),
  o({
    key: 'mpcConnectionsPerIdentity',
    flag: '--mpc-connections-per-identity',
    env: 'COSIGNER_MPC_CONNECTIONS_PER_IDENTITY',
    kind: 'int',
    min: 1,
    doc: 'Concurrent `/v1/mpc` channels per identity (per process); more are closed with 4429',
  }),
  o({
    key: 'loginPerMinuteIp',
    flag: '--login-per-minute-ip',
    env: 'COSIGNER_LOGIN_PER_MINUTE_IP',
    kind: 'int',
    min: 1,
    doc: 'Login attempts accepted per client address per minute (per process)',
  }),
  o({
    key: 'workers',
    flag: '--workers',
    env: 'COSIGNER_WORKERS',
    kind: 'int',
    min: 1,
    max: 64,
    doc: 'Processes serving the one port (node:cluster, round-robin); more than 1 needs `postgres` storage',
  }),
  o({
    key: 'adminToken',
    flag: '--admin-token',
    env: 'COSIGNER_ADMIN_TOKEN',
    kind: 'string',
    secret: true,
    doc: 'Bearer token of the admin API (≥ 32 characters); empty disables it',
  }),
  o({
    key: 'wechatAppId',
    flag: '--wechat-appid',
    env: 'COSIGNER_WECHAT_APPID',
    kind: 'string',
    doc: 'WeChat mini-program appid; empty disables WeChat login',
  }),
  o({
    key: 'wechatSecret',
    flag: '--wechat-secret',
    env: 'COSIGNER_WECHAT_SECRET',
    kind: 'string',
    secret: true,
    doc: 'WeChat app secret',
  }),
  o({
    key: 'wechatBaseUrl',
    flag: '--wechat-base-url',
    env: 'COSIGNER_WECHAT_BASE_URL',
    kind: 'url',
    protocols: ['http:', 'https:'],
    doc: 'WeChat API base URL',
  }),
  o({
    key: 'alipayAppId',
    flag: '--alipay-appid',
    env: 'COSIGNER_ALIPAY_APPID',
    kind: 'string',
    doc: 'Alipay mini-program app_id; empty disables Alipay login',
  }),
  o({
    key: 'alipayPrivateKeyFile',
    flag: '--alipay-private-key-file',
    env: 'COSIGNER_ALIPAY_PRIVATE_KEY_FILE',
    kind: 'string',
    doc: 'PEM file of the app private key (RSA2 request signing)',
  }),
  o({
    key: 'alipayPublicKeyFile',
    flag: '--alipay-public-key-file',
    env: 'COSIGNER_ALIPAY_PUBLIC_KEY_FILE',
    kind: 'string',
    doc: 'PEM file of the Alipay public key (response verification)',
  }),
  o({
    key: 'alipayBaseUrl',
    flag: '--alipay-base-url',
    env: 'COSIGNER_ALIPAY_BASE_URL',
    kind: 'url',
    protocols: ['http:', 'https:'],
    doc: 'Alipay gateway base URL',
  }),
  o({
    key: 'telegramBotToken',
    flag: '--telegram-bot-token',
    env: 'COSIGNER_TELEGRAM_BOT_TOKEN',
    kind: 'string',
    secret: true,
    doc: 'Bot token: enables the HMAC check of initData',
  }),
  o({
    key: 'telegramBotId',
    flag: '--telegram-bot-id',
    env: 'COSIGNER_TELEGRAM_BOT_ID',
    kind: 'string',
    doc: 'Bot id: enables the third-party Ed25519 check (when no bot token is set)',
  }),
  o({
    key: 'telegramEnvironment',
    flag: '--telegram-environment',
    env: 'COSIGNER_TELEGRAM_ENVIRONMENT',
    kind: 'enum',
    values: ['production', 'test'],
    doc: 'Which Telegram public key the Ed25519 check uses',
  }),
  o({
    key: 'telegramMaxAgeSec',
    flag: '--telegram-max-age-sec',
    env: 'COSIGNER_TELEGRAM_MAX_AGE_SEC',
    kind: 'int',
    min: 1,
    max: 86_400,
    doc: 'Oldest `auth_date` accepted',
  }),
  o({
    key: 'oidcProviders',
    flag: '--oidc-providers',
    env: 'COSIGNER_OIDC_PROVIDERS',
    kind: 'list',
    doc: 'Comma-separated `<client id>@<issuer URL>` pairs accepted for OIDC login',
  }),
  o({
    key: 'trustProxy',
    flag: '--trust-proxy',
    env: 'COSIGNER_TRUST_PROXY',
    kind: 'addressList',
    doc: 'Comma-separated reverse proxies (IP or CIDR); from them, the client address for per-IP limits is the right-most untrusted `X-Forwarded-For` hop. Empty: the socket peer',
  }),
  o({
    key: 'corsOrigins',
    flag: '--cors-origins',
    env: 'COSIGNER_CORS_ORIGINS',
    kind: 'originList',
    doc: 'Comma-separated origins (`https://app.example`) whose pages may call the HTTP API directly (CORS, preflights included). Empty: none (same-origin or proxied callers only)',
  }),
  o({
    key: 'logLevel',
    flag: '--log-level',
    env: 'COSIGNER_LOG_LEVEL',
    kind: 'enum',
    values: ['debug', 'info', 'warn', 'error', 'silent'],
    doc: 'Lowest level of JSON log lines written to stdout',
  }),
]

export const OPTION_TABLE: OptionTable<CosignerConfig> = {
  prefix: 'COSIGNER_',
  options: OPTIONS,
  defaults: DEFAULTS,
}

/** Options, `--help` and the unknown `COSIGNER_*` variables, checked as a whole. */
export function readCosignerOptions(
  argv: readonly string[] = [],
  env: Record<string, string | undefined> = {},
): ReadOptions<CosignerConfig> {
  const read = readOptions(OPTION_TABLE, argv, env)
  const result = read.config
  if (result.adminToken !== '' && result.adminToken.length < 32) {
    throw new ConfigError('InvalidValue', 'COSIGNER_ADMIN_TOKEN must be at least 32 characters')
  }
  for (const provider of result.oidcProviders) {
    if (!/^[^@\s]+@https?:\/\/\S+$/.test(provider))
      throw new ConfigError(
        'InvalidValue',
        `oidc provider "${provider}" is not <client id>@<issuer URL>`,
      )
  }
  return read
}

export function loadConfig(
  argv: readonly string[] = [],
  env: Record<string, string | undefined> = {},
): CosignerConfig {
  return readCosignerOptions(argv, env).config
}
