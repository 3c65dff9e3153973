/**
 * Canonical JSON for audit records: object keys sorted by code unit, no whitespace, integers
 * only (no floats, NaN or -0), no undefined. The same record always encodes to the same bytes,
 * so its hash can be recomputed by anyone holding the log.
 */

export type Canonical =
  | string
  | number
  | boolean
  | null
  | readonly Canonical[]
  | { readonly [key: string]: Canonical }

export function canonicalJson(value: unknown, path = 'record'): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value)
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) {
      throw new TypeError(`${path} is not a safe integer (${value}): encode it as a string`)
    }
    return String(value)
  }
  if (Array.isArray(value))
    return `[${value.map((v, i) => canonicalJson(v, `${path}[${i}]`)).join(',')}]`
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${path}.${k}`)}`).join(',')}}`
  }
  throw new TypeError(`${path} cannot be encoded canonically (${typeof value})`)
}
