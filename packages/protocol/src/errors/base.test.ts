import { describe, expect, test } from 'vitest'
import { BaseError } from './base.ts'

class LeafError extends BaseError {
  override name = 'LeafError'
}

describe('BaseError message', () => {
  test('short message alone, then the version line', () => {
    const error = new BaseError('Something failed.')
    expect(error.message).toBe('Something failed.\nVersion: @tessera/protocol@0.1.0')
    expect(error.shortMessage).toBe('Something failed.')
    expect(error.details).toBe('')
    expect(error.name).toBe('BaseError')
    expect(error.version).toBe('@tessera/protocol@0.1.0')
    expect(error.cause).toBeUndefined()
  })

  test('meta messages, docs and details each get their line, in that order', () => {
    const error = new BaseError('Pairing failed.', {
      metaMessages: ['Topic: abc', 'Relay: wss://r'],
      docsPath: 'SESSION.md#pairing-uri',
      details: 'the URI expired',
    })
    expect(error.message).toBe(
      [
        'Pairing failed.',
        '',
        'Topic: abc',
        'Relay: wss://r',
        '',
        'Docs: SESSION.md#pairing-uri',
        'Details: the URI expired',
        'Version: @tessera/protocol@0.1.0',
      ].join('\n'),
    )
    expect(error.metaMessages).toEqual(['Topic: abc', 'Relay: wss://r'])
    expect(error.docsPath).toBe('SESSION.md#pairing-uri')
  })

  test('details default to the message of a plain Error cause', () => {
    const cause = new Error('socket closed')
    const error = new BaseError('Request failed.', { cause })
    expect(error.details).toBe('socket closed')
    expect(error.cause).toBe(cause)
    expect(error.message).toBe(
      'Request failed.\n\nDetails: socket closed\nVersion: @tessera/protocol@0.1.0',
    )
  })

  test('details default to the details of a BaseError cause, not its whole message', () => {
    const inner = new BaseError('Inner.', { details: 'root detail' })
    expect(new BaseError('Outer.', { cause: inner }).details).toBe('root detail')
  })

  test('explicit details win over the cause', () => {
    const error = new BaseError('Outer.', { cause: new Error('inner'), details: 'mine' })
    expect(error.details).toBe('mine')
  })

  test('a non-Error cause gives no details', () => {
    expect(new BaseError('Outer.', { cause: 42 }).details).toBe('')
  })

  test('is an Error, and subclasses keep their own stable name', () => {
    const error = new LeafError('Leaf.')
    expect(error).toBeInstanceOf(Error)
    expect(error).toBeInstanceOf(BaseError)
    expect(error.name).toBe('LeafError')
  })
})

describe('BaseError.walk', () => {
  const root = new Error('root')
  const middle = new LeafError('Middle.', { cause: root })
  const top = new BaseError('Top.', { cause: middle })

  test('without a predicate returns the deepest cause', () => {
    expect(top.walk()).toBe(root)
  })

  test('without a cause returns the error itself', () => {
    const alone = new BaseError('Alone.')
    expect(alone.walk()).toBe(alone)
  })

  test('with a predicate returns the first match, starting with the error itself', () => {
    expect(top.walk((e) => e instanceof LeafError)).toBe(middle)
    expect(top.walk((e) => e instanceof BaseError)).toBe(top)
    expect(top.walk((e) => e === root)).toBe(root)
  })

  test('with a predicate that never matches returns null', () => {
    expect(top.walk(() => false)).toBeNull()
  })

  test('stops on a cyclic cause chain instead of looping', () => {
    const a = new BaseError('A.')
    const b = new BaseError('B.', { cause: a })
    Object.defineProperty(a, 'cause', { value: b })
    expect(a.walk()).toBe(b)
    expect(a.walk(() => false)).toBeNull()
  })

  test('stops after 32 links of a very long chain', () => {
    let error: unknown = new Error('bottom')
    const chain: unknown[] = [error]
    for (let i = 0; i < 40; i++) {
      error = new BaseError(`E${i}.`, { cause: error })
      chain.push(error)
    }
    const top40 = error as BaseError
    let visited = 0
    top40.walk(() => {
      visited++
      return false
    })
    expect(visited).toBe(32)
    expect(top40.walk()).toBe(chain[chain.length - 32])
  })
})
