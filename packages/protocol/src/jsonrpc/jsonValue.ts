/**
 * JSON values and the walk that proves an `unknown` is one: plain objects and arrays, strings,
 * finite numbers, booleans and null, nested at most `maxDepth` deep, with no `__proto__` key.
 * The walk is iterative (no recursion a hostile message could use to blow the stack) and never
 * copies or merges: a `__proto__` own key (which JSON.parse creates as plain data) is refused so
 * that no consumer can be tricked into polluting a prototype with `Object.assign` or a deep merge.
 */
import { MessageValidationError } from './MessageValidationError.ts'

export type JsonPrimitive = string | number | boolean | null
export type JsonValue = JsonPrimitive | JsonArray | JsonObject
export type JsonArray = readonly JsonValue[]
export type JsonObject = { readonly [key: string]: JsonValue }

/** Throws `MessageValidationError` unless `value` is a JSON value within `maxDepth` levels. */
export function assertJsonValue(
  value: unknown,
  path: string,
  maxDepth: number,
): asserts value is JsonValue {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path, depth: 0 }]
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const v = item.value
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue
    if (typeof v === 'number') {
      if (Number.isFinite(v)) continue
      throw new MessageValidationError('NotJsonValue', item.path, 'number is not finite')
    }
    if (typeof v !== 'object') {
      throw new MessageValidationError('NotJsonValue', item.path, `${typeof v} is not JSON`)
    }
    if (item.depth >= maxDepth) {
      throw new MessageValidationError('TooDeep', item.path, `nested deeper than ${maxDepth}`)
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push({ value: v[i], path: `${item.path}[${i}]`, depth: item.depth + 1 })
      }
      continue
    }
    if (!isPlainObject(v)) {
      throw new MessageValidationError('NotJsonValue', item.path, 'object is not a plain object')
    }
    for (const key of Object.keys(v)) {
      const childPath = memberPath(item.path, key)
      if (key === '__proto__') {
        throw new MessageValidationError('ForbiddenKey', childPath, 'key "__proto__" is refused')
      }
      stack.push({
        value: (v as Record<string, unknown>)[key],
        path: childPath,
        depth: item.depth + 1,
      })
    }
  }
}

/** True for `{}`-style objects (prototype `Object.prototype` or `null`); false for class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** `$.name` for identifier-like keys; otherwise a quoted, truncated key, so paths stay short. */
export function memberPath(parent: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]{0,31}$/.test(key)) return `${parent}.${key}`
  const shown = key.length > 32 ? `${key.slice(0, 32)}…` : key
  return `${parent}[${JSON.stringify(shown)}]`
}
