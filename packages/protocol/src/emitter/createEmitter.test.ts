import { describe, expect, test } from 'vitest'
import { createEmitter } from './createEmitter.ts'

type Events = { message: string; count: number }

describe('createEmitter', () => {
  test('delivers typed data to every listener of the event only', () => {
    const emitter = createEmitter<Events>()
    const messages: string[] = []
    const counts: number[] = []
    emitter.on('message', (m) => messages.push(m))
    emitter.on('message', (m) => messages.push(m.toUpperCase()))
    emitter.on('count', (n) => counts.push(n))
    emitter.emit('message', 'hi')
    emitter.emit('count', 3)
    expect(messages).toEqual(['hi', 'HI'])
    expect(counts).toEqual([3])
  })

  test('on() returns an unsubscribe; once() fires a single time', () => {
    const emitter = createEmitter<Events>()
    const seen: number[] = []
    const off = emitter.on('count', (n) => seen.push(n))
    emitter.once('count', (n) => seen.push(n * 10))
    emitter.emit('count', 1)
    off()
    emitter.emit('count', 2)
    expect(seen).toEqual([1, 10])
    expect(emitter.listenerCount('count')).toBe(0)
  })

  test('a throwing listener does not stop the others; its error reaches onListenerError', () => {
    const errors: unknown[] = []
    const emitter = createEmitter<Events>((e) => errors.push(e))
    const seen: string[] = []
    const boom = new Error('listener failed')
    emitter.on('message', () => {
      throw boom
    })
    emitter.on('message', (m) => seen.push(m))
    emitter.emit('message', 'x')
    expect(seen).toEqual(['x'])
    expect(errors).toEqual([boom])
  })

  test('clear() removes every listener', () => {
    const emitter = createEmitter<Events>()
    emitter.on('message', () => {})
    emitter.on('count', () => {})
    emitter.clear()
    expect(emitter.listenerCount('message') + emitter.listenerCount('count')).toBe(0)
  })

  test('rejects a listener that is not a function', () => {
    const emitter = createEmitter<Events>()
    expect(() => emitter.on('count', 'x' as unknown as () => void)).toThrow(
      new TypeError('"listener" expected a function, got string'),
    )
  })

  test('by default a listener error is rethrown on a microtask, never swallowed', async () => {
    const emitter = createEmitter<Events>()
    const boom = new Error('listener failed')
    emitter.on('count', () => {
      throw boom
    })
    const reported = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve))
    emitter.emit('count', 1)
    expect(await reported).toBe(boom)
  })
})
