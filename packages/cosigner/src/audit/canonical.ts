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
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) {
        throw new TypeError(`${path} is not a safe integer (${value}): encode it as a string`)
      }
      return String(value)
    case 'object': {
      if (value === null) return 'null'
      // Built by appending, without intermediate arrays: the audit log encodes every record's
      // data on its hot path (one signature: two records).
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ','
          out += canonicalJson(value[i], `${path}[${i}]`)
        }
        return `${out}]`
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) break
      const record = value as Record<string, unknown>
      // The default sort orders by UTF-16 code unit, as the canonical form asks.
      const keys = Object.keys(record).sort()
      let out = '{'
      for (const key of keys) {
        const v = record[key]
        if (v === undefined) continue
        if (out.length > 1) out += ','
        out += `${JSON.stringify(key)}:${canonicalJson(v, `${path}.${key}`)}`
      }
      return `${out}}`
    }
  }
  throw new TypeError(`${path} cannot be encoded canonically (${typeof value})`)
}
