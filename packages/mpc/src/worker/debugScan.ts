/**
 * Test-only scanning (docs/THRESHOLD.md#secrets-and-erasure: Secrets stay in the Worker): does a
 * secret byte string occur anywhere inside a value — in any Uint8Array, as lower/upper-case hex in
 * a string, or as a bigint equal to it read big- or little-endian? Used by the Worker's debug hook
 * (only when the engine was built with `exposeSecretsForTests`) and by the key-never-whole tests.
 * Returns a boolean only: it must never return or log what it found.
 */
import { bytesToHex } from '@noble/hashes/utils.js'

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0 || needle.length > haystack.length) return false
  const first = needle[0]
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (haystack[i] !== first) continue
    for (let k = 1; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer
    return true
  }
  return false
}

function toBigBE(bytes: Uint8Array): bigint {
  let v = 0n
  for (const b of bytes) v = (v << 8n) | BigInt(b)
  return v
}

/** True iff any needle (or its byte-reversal) occurs anywhere inside `value`. */
export function containsAnyBytes(value: unknown, needles: readonly Uint8Array[]): boolean {
  const forms = needles.flatMap((n) => [n, n.slice().reverse()])
  const hexForms = forms.map((form) => bytesToHex(form))
  const bigForms = new Set(forms.map(toBigBE))
  const seen = new Set<unknown>()
  const walk = (v: unknown): boolean => {
    if (v instanceof Uint8Array) return forms.some((n) => indexOfBytes(v, n))
    if (ArrayBuffer.isView(v)) {
      return walk(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
    }
    if (v instanceof ArrayBuffer) return walk(new Uint8Array(v))
    if (typeof v === 'string') {
      const lower = v.toLowerCase()
      return hexForms.some((h) => lower.includes(h))
    }
    if (typeof v === 'bigint') return bigForms.has(v)
    if (typeof v !== 'object' || v === null || seen.has(v)) return false
    seen.add(v)
    if (v instanceof Map) return [...v.entries()].some(([k, x]) => walk(k) || walk(x))
    if (v instanceof Set) return [...v].some(walk)
    if (Array.isArray(v)) return v.some(walk)
    return Object.values(v).some(walk)
  }
  return walk(value)
}
