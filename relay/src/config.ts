/**
 * The relay's configuration: one table of options, each settable by a command-line flag or an
 * environment variable (flag wins), with its default and its documentation, read by the server
 * kit (`readOptions`). `relay/README.md` mirrors this table; `config.test.ts` checks that every
 * option is documented there. Never reads files; the link registration token is a secret:
 * environment only, never logged.
 */
import { RELAY_RULES } from '@tessera/protocol'
import {
  type OptionSpec,
  type OptionTable,
  type ReadOptions,
  readOptions,
} from '@tessera/server-kit'

export interface RelayConfig {
  host: string
  port: number
  /** Accepted JWT `aud` values; empty means ws://127.0.0.1:<port> and ws://localhost:<port>. */
  publicUrls: string[]
  storage: 'file' | 'redis'
  dataDir: string
  redisUrl: string
  redisPrefix: string
  nodeId: string
  maxMessageBytes: number
  maxFrameBytes: number
  maxHeaderBytes: number
  maxTtlSec: number
  subscriptionTtlSec: number
  maxTopicsPerClient: number
  maxSubscriptionsPerConnection: number
  maxSubscriptions: number
  publishPerSecClient: number
  publishPerSecIp: number
  maxConnectionsPerIp: number
  mailboxDepth: number
  maxTopicBytes: number
  maxClientBytes: number
  maxStoredBytes: number
  sendBufferBytes: number
  pingIntervalMs: number
  jwtSkewSec: number
  fsyncIntervalMs: number
  linkTarget: string
  linkToken: string
  linkPerMinuteIp: number
  linkTtlSec: number
  /** Proxies (IP or CIDR) whose X-Forwarded-For gives the client address; empty: off. */
  trustProxy: string[]
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
}

type Option = OptionSpec<keyof RelayConfig>

export const DEFAULTS: RelayConfig = {
  host: '127.0.0.1',
  port: 8787,
  publicUrls: [],
  storage: 'file',
  dataDir: './relay-data',
  redisUrl: 'redis://127.0.0.1:6379',
  redisPrefix: 'tessera-relay',
  nodeId: '',
  maxMessageBytes: RELAY_RULES.limits.defaultMaxMessageBytes,
  maxFrameBytes: RELAY_RULES.limits.defaultMaxFrameBytes,
  maxHeaderBytes: 16 * 1024,
  maxTtlSec: 30 * 86400,
  subscriptionTtlSec: 30 * 86400,
  maxTopicsPerClient: 1000,
  maxSubscriptionsPerConnection: 1000,
  maxSubscriptions: 100_000,
  publishPerSecClient: 50,
  publishPerSecIp: 500,
  maxConnectionsPerIp: 200,
  mailboxDepth: 1000,
  maxTopicBytes: 8 * 1024 * 1024,
  maxClientBytes: 32 * 1024 * 1024,
  maxStoredBytes: 256 * 1024 * 1024,
  sendBufferBytes: 4 * 1024 * 1024,
  pingIntervalMs: 25_000,
  jwtSkewSec: 60,
  fsyncIntervalMs: 1000,
  linkTarget: 'https://signer.example/pair?uri=',
  linkToken: '',
  linkPerMinuteIp: 10,
  linkTtlSec: 600,
  trustProxy: [],
  logLevel: 'info',
}

export const OPTIONS: readonly Option[] = [
  { key: 'host', flag: '--host', env: 'RELAY_HOST', kind: 'string', doc: 'Interface to listen on' },
  {
    key: 'port',
    flag: '--port',
    env: 'RELAY_PORT',
    kind: 'int',
    min: 0,
    doc: 'TCP port (0 picks a free one)',
  },
  {
    key: 'publicUrls',
    flag: '--public-urls',
    env: 'RELAY_PUBLIC_URLS',
    kind: 'urlList',
    protocols: ['ws:', 'wss:'],
    doc: 'Comma-separated relay URLs clients are configured with; JWT `aud` must equal one byte for byte',
  },
  {
    key: 'storage',
    flag: '--storage',
    env: 'RELAY_STORAGE',
    kind: 'enum',
    values: ['file', 'redis'],
    doc: 'Mailbox engine: `file` (embedded) or `redis` (cluster mode)',
  },
  {
    key: 'dataDir',
    flag: '--data-dir',
    env: 'RELAY_DATA_DIR',
    kind: 'string',
    doc: 'Directory of the file engine’s log',
  },
  {
    key: 'redisUrl',
    flag: '--redis-url',
    env: 'RELAY_REDIS_URL',
    kind: 'url',
    protocols: ['redis:', 'rediss:'],
    doc: 'Redis URL for cluster mode',
  },
  {
    key: 'redisPrefix',
    flag: '--redis-prefix',
    env: 'RELAY_REDIS_PREFIX',
    kind: 'string',
    doc: 'Key and channel prefix in Redis (one per cluster)',
  },
  {
    key: 'nodeId',
    flag: '--node-id',
    env: 'RELAY_NODE_ID',
    kind: 'string',
    doc: 'Name of this node in logs and cluster fan-out (random when empty)',
  },
  {
    key: 'maxMessageBytes',
    flag: '--max-message-bytes',
    env: 'RELAY_MAX_MESSAGE_BYTES',
    kind: 'int',
    min: 1,
    doc: 'Largest `message` accepted by a publish',
  },
  {
    key: 'maxFrameBytes',
    flag: '--max-frame-bytes',
    env: 'RELAY_MAX_FRAME_BYTES',
    kind: 'int',
    min: 1024,
    doc: 'Largest WebSocket frame; bigger frames close the socket with 1009',
  },
  {
    key: 'maxHeaderBytes',
    flag: '--max-header-bytes',
    env: 'RELAY_MAX_HEADER_BYTES',
    kind: 'int',
    min: 1024,
    doc: 'Largest HTTP request head (request line and headers); bigger gets HTTP 431',
  },
  {
    key: 'maxTtlSec',
    flag: '--max-ttl-sec',
    env: 'RELAY_MAX_TTL_SEC',
    kind: 'int',
    min: 1,
    doc: 'Cap on a message’s TTL',
  },
  {
    key: 'subscriptionTtlSec',
    flag: '--subscription-ttl-sec',
    env: 'RELAY_SUBSCRIPTION_TTL_SEC',
    kind: 'int',
    min: 1,
    doc: 'How long a subscription outlives its client’s last subscribe',
  },
  {
    key: 'maxTopicsPerClient',
    flag: '--max-topics-per-client',
    env: 'RELAY_MAX_TOPICS_PER_CLIENT',
    kind: 'int',
    min: 1,
    doc: 'Subscriptions per client id (the JWT `iss`), across its connections on one node',
  },
  {
    key: 'maxSubscriptionsPerConnection',
    flag: '--max-subscriptions-per-connection',
    env: 'RELAY_MAX_SUBSCRIPTIONS_PER_CONNECTION',
    kind: 'int',
    min: 1,
    doc: 'Subscriptions per WebSocket connection',
  },
  {
    key: 'maxSubscriptions',
    flag: '--max-subscriptions',
    env: 'RELAY_MAX_SUBSCRIPTIONS',
    kind: 'int',
    min: 1,
    doc: 'Stored subscriptions in total, connected or not (with Redis: across the cluster); more get `-32005`',
  },
  {
    key: 'publishPerSecClient',
    flag: '--publish-per-sec-client',
    env: 'RELAY_PUBLISH_PER_SEC_CLIENT',
    kind: 'int',
    min: 1,
    doc: 'Publishes per second per client id (burst of 2 s)',
  },
  {
    key: 'publishPerSecIp',
    flag: '--publish-per-sec-ip',
    env: 'RELAY_PUBLISH_PER_SEC_IP',
    kind: 'int',
    min: 1,
    doc: 'Publishes per second per IP address (burst of 2 s)',
  },
  {
    key: 'maxConnectionsPerIp',
    flag: '--max-connections-per-ip',
    env: 'RELAY_MAX_CONNECTIONS_PER_IP',
    kind: 'int',
    min: 1,
    doc: 'Concurrent WebSocket connections per IP; more get HTTP 429',
  },
  {
    key: 'mailboxDepth',
    flag: '--mailbox-depth',
    env: 'RELAY_MAILBOX_DEPTH',
    kind: 'int',
    min: 1,
    doc: 'Live messages kept per topic',
  },
  {
    key: 'maxTopicBytes',
    flag: '--max-topic-bytes',
    env: 'RELAY_MAX_TOPIC_BYTES',
    kind: 'int',
    min: 1,
    doc: 'File engine: stored message bytes per topic; more get `-32005`',
  },
  {
    key: 'maxClientBytes',
    flag: '--max-client-bytes',
    env: 'RELAY_MAX_CLIENT_BYTES',
    kind: 'int',
    min: 1,
    doc: 'File engine: stored message bytes per publisher (JWT `iss`); more get `-32005`',
  },
  {
    key: 'maxStoredBytes',
    flag: '--max-stored-bytes',
    env: 'RELAY_MAX_STORED_BYTES',
    kind: 'int',
    min: 1,
    doc: 'File engine: stored message bytes in total; more get `-32005`',
  },
  {
    key: 'sendBufferBytes',
    flag: '--send-buffer-bytes',
    env: 'RELAY_SEND_BUFFER_BYTES',
    kind: 'int',
    min: 1024,
    doc: 'Unsent bytes allowed per connection before it is closed as a slow consumer (1013)',
  },
  {
    key: 'pingIntervalMs',
    flag: '--ping-interval-ms',
    env: 'RELAY_PING_INTERVAL_MS',
    kind: 'int',
    min: 100,
    doc: 'WebSocket ping period; a client silent for two periods is dropped',
  },
  {
    key: 'jwtSkewSec',
    flag: '--jwt-skew-sec',
    env: 'RELAY_JWT_SKEW_SEC',
    kind: 'int',
    min: 0,
    doc: 'Allowed clock skew for the JWT `iat`',
  },
  {
    key: 'fsyncIntervalMs',
    flag: '--fsync-interval-ms',
    env: 'RELAY_FSYNC_INTERVAL_MS',
    kind: 'int',
    min: 0,
    doc: 'File engine: fdatasync period (0 = every write batch)',
  },
  {
    key: 'linkTarget',
    flag: '--link-target',
    env: 'RELAY_LINK_TARGET',
    kind: 'url',
    protocols: ['https:', 'http:'],
    doc: 'Prefix of the signer link; `GET /r/<id>` redirects to it + the URL-encoded pairing URI',
  },
  {
    key: 'linkToken',
    flag: '--link-token',
    env: 'RELAY_LINK_TOKEN',
    kind: 'string',
    secret: true,
    doc: 'Bearer token for `POST /r` (environment only); when empty, registration is rate-limited per IP instead',
  },
  {
    key: 'linkPerMinuteIp',
    flag: '--link-per-minute-ip',
    env: 'RELAY_LINK_PER_MINUTE_IP',
    kind: 'int',
    min: 1,
    doc: 'Unauthenticated `POST /r` calls per minute per IP',
  },
  {
    key: 'linkTtlSec',
    flag: '--link-ttl-sec',
    env: 'RELAY_LINK_TTL_SEC',
    kind: 'int',
    min: 1,
    doc: 'Lifetime of a short link',
  },
  {
    key: 'trustProxy',
    flag: '--trust-proxy',
    env: 'RELAY_TRUST_PROXY',
    kind: 'addressList',
    doc: 'Comma-separated reverse proxies (IP or CIDR); from them, the client address is the right-most untrusted `X-Forwarded-For` hop. Empty: the socket peer',
  },
  {
    key: 'logLevel',
    flag: '--log-level',
    env: 'RELAY_LOG_LEVEL',
    kind: 'enum',
    values: ['debug', 'info', 'warn', 'error', 'silent'],
    doc: 'Lowest level written to stdout',
  },
]

export const OPTION_TABLE: OptionTable<RelayConfig> = {
  prefix: 'RELAY_',
  options: OPTIONS,
  defaults: DEFAULTS,
}

/** Options, `--help` and the unknown `RELAY_*` variables from argv-style flags and env. */
export function readRelayOptions(
  argv: readonly string[] = [],
  env: Record<string, string | undefined> = {},
): ReadOptions<RelayConfig> {
  return readOptions(OPTION_TABLE, argv, env)
}

/** Builds a configuration from argv-style flags (`--port 9000` or `--port=9000`) and env. */
export function loadConfig(
  argv: readonly string[] = [],
  env: Record<string, string | undefined> = {},
): RelayConfig {
  return readRelayOptions(argv, env).config
}
