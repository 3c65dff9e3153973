/** Log lines: time, level and event on each; levels filter; secrets censored; fatal is complete. */
import { expect, test } from 'vitest'
import { createLogger } from './log.ts'

function capture(level: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'debug') {
  const lines: Record<string, unknown>[] = []
  const log = createLogger({
    level,
    base: { service: 'demo', node: 'n1' },
    redact: ['request.headers.cookie'],
    sink: (line) => {
      lines.push(JSON.parse(line) as Record<string, unknown>)
    },
  })
  return { log, lines }
}

test('each line is one JSON object with an ISO time, the level name, the event and the base', () => {
  const { log, lines } = capture()
  log.info('started', { url: 'http://x', count: 2 })
  log.fatal('start_failed', { error: 'Redis unreachable at h:1' })
  expect(lines).toHaveLength(2)
  for (const line of lines) {
    expect(typeof line.time).toBe('string')
    expect(new Date(line.time as string).toISOString()).toBe(line.time)
  }
  expect(lines[0]).toMatchObject({
    level: 'info',
    event: 'started',
    service: 'demo',
    node: 'n1',
    count: 2,
  })
  expect(lines[1]).toMatchObject({ level: 'fatal', event: 'start_failed' })
  expect(Object.keys(lines[1] as object)).not.toContain('pid')
})

test('lines below the level are dropped; silent drops all', () => {
  const warn = capture('warn')
  warn.log.info('quiet')
  warn.log.warn('loud')
  expect(warn.lines.map((l) => l.event)).toEqual(['loud'])
  const silent = capture('silent')
  silent.log.fatal('nothing')
  expect(silent.lines).toEqual([])
})

test('secret fields are censored at any depth, configured paths too; bytes show as a length', () => {
  const { log, lines } = capture()
  log.warn('x', {
    token: 'hunter2',
    adminToken: 'hunter3',
    nested: { password: 'hunter4', deeper: { sessionKey: 'hunter5' } },
    request: { headers: { cookie: 'hunter6', accept: 'json' } },
    share: new Uint8Array(32),
    sealed: new Uint8Array(5),
  })
  const text = JSON.stringify(lines[0])
  expect(text).not.toMatch(/hunter/)
  expect(lines[0]).toMatchObject({
    token: '[redacted]',
    nested: { password: '[redacted]', deeper: { sessionKey: '[redacted]' } },
    request: { headers: { cookie: '[redacted]', accept: 'json' } },
    sealed: '[5 bytes]',
  })
})
