/**
 * Test utility standing in for Telegram: builds `initData` the way a Mini App receives it,
 * signed with a bot token (HMAC), so tests can vary fields, dates and encodings freely.
 */
import { createHmac } from 'node:crypto'

export function signInitData(fields: [string, string][], botToken: string): string {
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest()
  const dcs = [...fields]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')
  const hash = createHmac('sha256', secret).update(dcs).digest('hex')
  return [...fields, ['hash', hash] as [string, string]]
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&')
}
