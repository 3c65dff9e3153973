/** The per-address login limit: unit behaviour and the 429 answer of the login endpoints. */
import { expect, test } from 'vitest'
import { createLoginLimiter } from './loginLimiter.ts'

test('login attempts are limited per address and per minute', async () => {
  let now = 120_000
  const limiter = createLoginLimiter(2, () => now)
  await limiter.take('10.0.0.1')
  await limiter.take('10.0.0.1')
  await expect(limiter.take('10.0.0.1')).rejects.toThrow(
    'more than 2 login attempts from this address in a minute',
  )
  await limiter.take('10.0.0.2')
  now += 60_000
  await limiter.take('10.0.0.1')
})

test('the login endpoints answer 429 past the per-address limit', async () => {
  const { startTestCosigner } = await import('../test/startTestCosigner.ts')
  const c = await startTestCosigner({ loginPerMinuteIp: 2 })
  try {
    const attempt = () =>
      fetch(`${c.url}/v1/login/wechat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: c.wechat.issueCode({ openid: 'o-limit' }), dappId: 'demo' }),
      })
    expect((await attempt()).status).toBe(200)
    expect((await attempt()).status).toBe(200)
    const limited = await attempt()
    expect(limited.status).toBe(429)
    expect(await limited.json()).toEqual({
      error: {
        code: 'RateLimited',
        message: 'more than 2 login attempts from this address in a minute',
        retryable: true,
      },
    })
    // Other endpoints are not limited.
    expect((await fetch(`${c.url}/health`)).status).toBe(200)
  } finally {
    await c.cleanup()
  }
})
