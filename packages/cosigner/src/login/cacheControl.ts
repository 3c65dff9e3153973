/**
 * How long an HTTP answer may be reused, from its `Cache-Control` (`no-store`/`no-cache` → 0,
 * `max-age`) or `Expires` headers, else a default; always clamped to [0, maxMs].
 */
export function freshnessMs(
  headers: Headers,
  now: number,
  defaultMs: number,
  maxMs = 86_400_000,
): number {
  const clamp = (ms: number) => Math.max(0, Math.min(maxMs, ms))
  const cacheControl = headers.get('cache-control')?.toLowerCase() ?? ''
  if (/(^|,)\s*(no-store|no-cache)\s*(,|$)/.test(cacheControl)) return 0
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/.exec(cacheControl)
  if (maxAge?.[1] !== undefined) return clamp(Number(maxAge[1]) * 1000)
  const expires = headers.get('expires')
  if (expires !== null) {
    // RFC 9111 §5.3: an invalid date (such as "0") means already expired.
    const at = /GMT$/.test(expires.trim()) ? Date.parse(expires) : Number.NaN
    const date = Date.parse(headers.get('date') ?? '')
    if (Number.isNaN(at)) return 0
    return clamp(at - (Number.isNaN(date) ? now : date))
  }
  return clamp(defaultMs)
}
