import { expect, test } from 'vitest'
import { createEmitter } from './createEmitter.ts'

type Events = { ping: (n: number) => void; pong: () => void }

test('emits to the listeners of one event, in order; off removes', () => {
  const emitter = createEmitter<Events>()
  const seen: string[] = []
  const a = (n: number) => seen.push(`a${n}`)
  emitter.on('ping', a)
  emitter.on('ping', (n) => seen.push(`b${n}`))
  emitter.on('pong', () => seen.push('pong'))
  emitter.emit('ping', 1)
  emitter.off('ping', a)
  emitter.emit('ping', 2)
  expect(seen).toEqual(['a1', 'b1', 'b2'])
  expect(emitter.listenerCount('ping')).toBe(1)
})

test('a throwing listener does not stop the others; its error is reported on a microtask', async () => {
  const emitter = createEmitter<Events>()
  const seen: number[] = []
  const boom = new Error('listener failed')
  emitter.on('ping', () => {
    throw boom
  })
  emitter.on('ping', (n) => seen.push(n))
  const reported = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve))
  emitter.emit('ping', 7)
  expect(seen).toEqual([7])
  expect(await reported).toBe(boom)
})

test('rejects a listener that is not a function', () => {
  const emitter = createEmitter<Events>()
  expect(() => emitter.on('ping', 'x' as unknown as () => void)).toThrow(
    new TypeError('"listener" expected a function, got string'),
  )
})
