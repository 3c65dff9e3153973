/**
 * `@tessera/server-kit`: what the relay and the co-signer share — the option table read from
 * flags and environment, `pino` logs with redaction, a `prom-client` registry with names checked
 * against the Prometheus rules, one route table, `serve` with `/health` and `/metrics`, client
 * addresses behind a trusted proxy, and one-line start-up errors. Private to this workspace.
 */

export type { Counter, Gauge, Histogram } from 'prom-client'
export { ConfigError, type ConfigErrorCode } from './ConfigError.ts'
export { type ClientAddress, clientAddress } from './clientAddress.ts'
export { type CorsOptions, checkOrigin } from './cors.ts'
export { expositionProblems } from './expositionProblems.ts'
export { checkHealth, type Health, type HealthSource } from './health.ts'
export { createLogger, type Logger, type LoggerOptions, type LogLevel } from './log.ts'
export { type MetricType, metricNameProblems } from './metricNames.ts'
export { createMetricsRegistry, type MetricConfig, type MetricsRegistry } from './metrics.ts'
export {
  addressBlockList,
  helpText,
  type OptionKind,
  type OptionSpec,
  type OptionTable,
  type ReadOptions,
  readOptions,
} from './options.ts'
export { commandCpuMs, type ProcessStat, processStat } from './processStat.ts'
export { answerSocket, sendJson, sendText } from './respond.ts'
export { matchRoute, type RequestInfo, type Route, type RouteMatch } from './routes.ts'
export { type ServeOptions, type Serving, serve } from './serve.ts'
export {
  memorySlots,
  memoryWindowCounter,
  type RedisEval,
  type RedisRateLimiterOptions,
  type RedisSlotsOptions,
  redisRateLimiter,
  redisSlots,
  redisWindowCounter,
  type SharedRateLimiter,
  type Slots,
  type WindowCounter,
} from './sharedLimits.ts'
export {
  hostPort,
  postgresFailure,
  redisFailure,
  startOrExit,
  startupLine,
} from './startupErrors.ts'
