/**
 * The public run-time exports (docs/STYLE.md#9-explicit-exports: a change here is an API change,
 * seen in review).
 */
import { expect, test } from 'vitest'
import * as kit from './index.ts'

test('the public run-time exports of @tessera/server-kit', () => {
  expect(Object.keys(kit).sort()).toMatchInlineSnapshot(`
    [
      "ConfigError",
      "addressBlockList",
      "answerSocket",
      "checkHealth",
      "checkOrigin",
      "clientAddress",
      "commandCpuMs",
      "createLogger",
      "createMetricsRegistry",
      "expositionProblems",
      "helpText",
      "hostPort",
      "matchRoute",
      "memorySlots",
      "memoryWindowCounter",
      "metricNameProblems",
      "postgresFailure",
      "processStat",
      "readOptions",
      "redisFailure",
      "redisRateLimiter",
      "redisSlots",
      "redisWindowCounter",
      "sendJson",
      "sendText",
      "serve",
      "startOrExit",
      "startupLine",
    ]
  `)
})
