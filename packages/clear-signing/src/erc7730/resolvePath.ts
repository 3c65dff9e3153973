/**
 * ERC-7730 path references: `#.` the decoded arguments or message, `@.` the container (from, to,
 * value, chainId), `$.` the descriptor itself; no root means relative to the enclosing group (or
 * `#.`). Dot notation with `[i]` / `.[i]` indexes (negative from the end) and `[a:b]` slices of
 * arrays and bytes. An unresolvable path gives undefined, never an exception.
 */

export type Subject = {
  /** `#` root: decoded function arguments by name, or the EIP-712 message. */
  readonly data: Readonly<Record<string, unknown>>
  /** `@` root. */
  readonly container: Readonly<Record<string, unknown>>
  /** `$` root: the descriptor JSON. */
  readonly descriptor: Readonly<Record<string, unknown>>
}

const SEGMENT = /^([^[\]]*)((?:\[-?\d*(?::-?\d*)?\])*)$/

export function joinPath(base: string, path: string): string {
  if (base === '' || /^[#@$]\./.test(path) || /^[#@$]$/.test(path)) return path
  return `${base}.${path}`
}

export function resolvePath(subject: Subject, path: string): unknown {
  let current: unknown
  let rest = path
  if (path.startsWith('@.')) {
    current = subject.container
    rest = path.slice(2)
  } else if (path.startsWith('$.')) {
    current = subject.descriptor
    rest = path.slice(2)
  } else if (path.startsWith('#.')) {
    current = subject.data
    rest = path.slice(2)
  } else {
    current = subject.data
  }
  for (const part of rest.split('.')) {
    const match = SEGMENT.exec(part)
    if (match === null) return undefined
    const [, name = '', selectors = ''] = match
    if (name !== '') {
      if (typeof current !== 'object' || current === null || !Object.hasOwn(current, name))
        return undefined
      current = (current as Record<string, unknown>)[name]
    }
    for (const selector of selectors.match(/\[[^\]]*\]/g) ?? []) {
      current = select(current, selector.slice(1, -1))
      if (current === undefined) return undefined
    }
  }
  return current
}

function select(value: unknown, selector: string): unknown {
  const isHex = typeof value === 'string' && /^0x[0-9a-fA-F]*$/.test(value)
  const length = Array.isArray(value)
    ? value.length
    : isHex
      ? ((value as string).length - 2) / 2
      : -1
  if (length < 0) return undefined
  const at = (text: string, fallback: number) => {
    if (text === '') return fallback
    const n = Number(text)
    return n < 0 ? Math.max(0, length + n) : Math.min(n, length)
  }
  if (selector.includes(':')) {
    const [from = '', to = ''] = selector.split(':')
    const start = at(from, 0)
    const end = at(to, length)
    if (Array.isArray(value)) return value.slice(start, end)
    return `0x${(value as string).slice(2 + 2 * start, 2 + 2 * Math.max(start, end))}`
  }
  if (selector === '') return value
  const index = Number(selector) < 0 ? length + Number(selector) : Number(selector)
  if (!Array.isArray(value) || index < 0 || index >= length) return undefined
  return value[index]
}
