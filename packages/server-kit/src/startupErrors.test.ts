/**
 * Start-up failures: one line naming the dependency and host:port (never credentials), the
 * database or schema to create, and `startOrExit` writing a complete fatal line then exit 2.
 * The network error is a real refused connection on a loopback port nobody listens on.
 */
import { connect, createServer } from 'node:net'
import { expect, test } from 'vitest'
import { ConfigError } from './ConfigError.ts'
import { createLogger } from './log.ts'
import { hostPort, postgresFailure, redisFailure, startOrExit } from './startupErrors.ts'

/** A port that was free a moment ago (the OS picked it, then it was released). */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

async function refused(port: number): Promise<Error> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.on('error', resolve)
  })
}

test('hostPort keeps host and port only', () => {
  expect(hostPort('redis://user:hunter2@cache.internal:6380/0?x=1', 6379)).toBe(
    'cache.internal:6380',
  )
  expect(hostPort('postgres://db.internal/app', 5432)).toBe('db.internal:5432')
  expect(hostPort('::nope', 1)).toBe('(unparsable URL)')
})

test('Redis and PostgreSQL unreachable: named, with host:port, without the password', async () => {
  const port = await closedPort()
  const error = await refused(port)
  const redis = redisFailure(`redis://:hunter2@127.0.0.1:${port}`, error)
  expect(redis).toBeInstanceOf(ConfigError)
  expect(redis.code).toBe('RedisUnreachable')
  expect(redis.message).toBe(
    `Redis unreachable at 127.0.0.1:${port} (ECONNREFUSED): start it or fix the Redis URL`,
  )
  const pg = postgresFailure(`postgres://app:hunter2@127.0.0.1:${port}/app`, error)
  expect(pg?.code).toBe('PostgresUnreachable')
  expect(pg?.message).toBe(
    `PostgreSQL unreachable at 127.0.0.1:${port} (ECONNREFUSED): start it or fix the database URL`,
  )
  expect(`${redis.message}${pg?.message}`).not.toContain('hunter2')
})

test('PostgreSQL answers without the database or schema: says what to create', () => {
  const missing = postgresFailure(
    'postgres://127.0.0.1/shop',
    Object.assign(new Error('x'), { code: '3D000' }),
  )
  expect(missing?.code).toBe('DatabaseMissing')
  expect(missing?.message).toBe(
    'PostgreSQL at 127.0.0.1:5432 has no database "shop": run CREATE DATABASE "shop"',
  )
  const schema = postgresFailure(
    'postgres://127.0.0.1/shop',
    Object.assign(new Error('x'), { code: '3F000' }),
    'cosigner',
  )
  expect(schema?.message).toBe(
    'PostgreSQL database "shop" has no schema "cosigner": run CREATE SCHEMA "cosigner"',
  )
  expect(postgresFailure('postgres://h/d', new Error('other'))).toBeUndefined()
})

test('startOrExit: a fatal line with time, level, code and the one-line error, then exit 2', async () => {
  const lines: Record<string, unknown>[] = []
  const log = createLogger({ level: 'info', sink: (line) => lines.push(JSON.parse(line)) })
  const exits: number[] = []
  const exit = (code: number): never => {
    exits.push(code)
    throw new Error('exited')
  }
  await expect(
    startOrExit(
      async () => {
        throw new ConfigError('PortInUse', 'port 1 on 127.0.0.1 is in use')
      },
      log,
      exit,
    ),
  ).rejects.toThrow('exited')
  expect(exits).toEqual([2])
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatchObject({
    level: 'fatal',
    event: 'start_failed',
    errorCode: 'PortInUse',
    error: 'port 1 on 127.0.0.1 is in use',
  })
  expect(typeof lines[0]?.time).toBe('string')
  expect(await startOrExit(async () => 7, log, exit)).toBe(7)
})
