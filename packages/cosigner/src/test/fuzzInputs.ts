/**
 * Test utility: seeded mutations for fuzzing `/v1/mpc` at each layer — raw bytes (bit flips,
 * truncation, insertion, lying u32 lengths, unknown tags), binary frame headers (versions, kinds,
 * rounds, name lengths, chunk fields, payload lengths), and round payloads as values (random
 * values, deep mutation of a real payload). Pure functions of the
 * random source: a seed replays them exactly.
 */
import type { MpcValue } from '@tessera/protocol/cosigner'
import type { Rand } from './fuzzRandom.ts'

const INTERESTING_U32 = [0, 1, 2, 31, 32, 33, 255, 256, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff]
const INTERESTING_NUMBERS = [
  0,
  -0,
  1,
  -1,
  2,
  3,
  4,
  255,
  256,
  65_535,
  65_536,
  2 ** 31,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53),
  0.5,
  1e308,
  -1e308,
  5e-324,
]
const INTERESTING_STRINGS = [
  '',
  ' ',
  '0',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'secp256k1',
  'ed25519',
  'personal_sign',
  'eth_sendTransaction',
  'eth_signTypedData_v4',
  'eth_signTransaction',
  'export',
  'eip155:1',
  '0x',
  '0x00',
  '0xzz',
  '{}',
  '[]',
  '\u0000',
  '€'.repeat(50),
  '😀'.repeat(40),
  'a'.repeat(70_000),
  '€'.repeat(30_000),
]

/** Sets an own enumerable property, `__proto__` included (plain assignment would not). */
function setOwn(obj: object, key: string, value: unknown) {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
}

export function mutateBytes(r: Rand, input: Uint8Array): Uint8Array {
  let out = input.slice()
  const rounds = r.range(1, 4)
  for (let k = 0; k < rounds; k++) {
    const at = out.length === 0 ? 0 : r.int(out.length)
    switch (r.int(8)) {
      case 0:
        if (out.length > 0) out[at] = (out[at] as number) ^ (1 << r.int(8))
        break
      case 1:
        out = out.slice(0, at)
        break
      case 2: {
        const extra = r.bytes(r.size(64))
        out = Uint8Array.from([...out.subarray(0, at), ...extra, ...out.subarray(at)])
        break
      }
      case 3:
        out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + r.size(32))])
        break
      case 4: {
        // A lying u32 length or count somewhere.
        if (out.length < 4) break
        const pos = r.int(out.length - 3)
        new DataView(out.buffer, out.byteOffset).setUint32(pos, r.pick(INTERESTING_U32))
        break
      }
      case 5:
        if (out.length > 0) out[at] = r.pick([0, 1, 7, 8, 9, 0x7f, 0x80, 0xfe, 0xff])
        break
      case 6:
        out = Uint8Array.from([...out, ...r.bytes(r.size(32))])
        break
      default: {
        const from = r.int(out.length + 1)
        const piece = out.subarray(from, from + r.size(64))
        out = Uint8Array.from([...out.subarray(0, at), ...piece, ...out.subarray(at)])
      }
    }
  }
  return out
}

export function randomWire(r: Rand, depth = 0): MpcValue {
  const kind = r.int(depth > 3 ? 7 : 9)
  switch (kind) {
    case 0:
      return null
    case 1:
      return r.chance(0.5)
    case 2:
      return r.chance(0.7) ? r.pick(INTERESTING_NUMBERS) : r.int(1000) - 10
    case 3:
      return r.chance(0.5)
        ? r.pick(INTERESTING_STRINGS)
        : Buffer.from(r.bytes(r.size(40))).toString('latin1')
    case 4:
      return r.bytes(r.chance(0.5) ? r.pick([0, 1, 31, 32, 33, 64, 65]) : r.size(70_000))
    case 5:
      return r.pick([0n, -1n, 1n, 2n ** 255n, 2n ** 256n, -(2n ** 256n), 10n ** 99n])
    case 6:
      return r.pick([1, 2, 3])
    case 7:
      return Array.from({ length: r.size(6) }, () => randomWire(r, depth + 1))
    default: {
      const out: Record<string, MpcValue> = {}
      for (let k = r.size(5); k > 0; k--)
        setOwn(
          out,
          r.pick([...INTERESTING_STRINGS.slice(0, 12), 'index', 'round', 'to', 'from']),
          randomWire(r, depth + 1),
        )
      return out
    }
  }
}

function cloneWire(v: MpcValue): MpcValue {
  if (v instanceof Uint8Array) return v.slice()
  if (Array.isArray(v)) return v.map(cloneWire)
  if (v !== null && typeof v === 'object') {
    const out: Record<string, MpcValue> = {}
    for (const [k, item] of Object.entries(v))
      if (item !== undefined) setOwn(out, k, cloneWire(item))
    return out
  }
  return v
}

/** Mutates 1..3 places of a real payload: delete, replace, add, duplicate, flip a byte. */
export function mutateWire(r: Rand, value: MpcValue): MpcValue {
  const root = { v: cloneWire(value) } as Record<string, MpcValue>
  for (let k = r.range(1, 3); k > 0; k--) mutateAt(r, root, 'v', 0)
  return root.v as MpcValue
}

function mutateAt(
  r: Rand,
  parent: Record<string, MpcValue> | MpcValue[],
  key: string | number,
  depth: number,
): void {
  const holder = parent as Record<string | number, MpcValue>
  const v = holder[key] as MpcValue
  // The root is always entered: replacing a whole payload is randomWire's job.
  const descend = depth === 0 || (depth < 12 && r.chance(0.7))
  if (Array.isArray(v) && v.length > 0 && descend) {
    const arr = v as MpcValue[]
    const i = r.int(arr.length)
    if (r.chance(0.25)) {
      const op = r.int(3)
      if (op === 0) arr.splice(i, 1)
      else if (op === 1) arr.push(cloneWire(arr[i] as MpcValue))
      else
        holder[key] = Array.from({ length: r.pick([0, 2, 100, 2000]) }, () =>
          cloneWire(arr[i] as MpcValue),
        )
      return
    }
    mutateAt(r, arr, i, depth + 1)
    return
  }
  if (
    v !== null &&
    typeof v === 'object' &&
    !(v instanceof Uint8Array) &&
    !Array.isArray(v) &&
    descend
  ) {
    const obj = v as Record<string, MpcValue>
    const keys = Object.keys(obj)
    if (keys.length > 0 && r.chance(0.8)) {
      const name = r.pick(keys)
      if (r.chance(0.15)) {
        delete obj[name]
        return
      }
      mutateAt(r, obj, name, depth + 1)
      return
    }
    setOwn(
      obj,
      r.pick(['extra', '__proto__', 'pendingAck', 'presignature', 'round', 'v']),
      randomWire(r),
    )
    return
  }
  if (v instanceof Uint8Array && r.chance(0.5)) {
    const copy = r.chance(0.5) ? v.slice(0, r.int(v.length + 1)) : v.slice()
    const at = r.int(copy.length)
    if (copy.length > 0) copy[at] = (copy[at] as number) ^ (1 << r.int(8))
    holder[key] = copy
    return
  }
  if (typeof v === 'number' && r.chance(0.5)) {
    holder[key] = r.pick([v + 1, v - 1, -v, v * 2 ** 32, v + 0.5])
    return
  }
  holder[key] = randomWire(r)
}

/**
 * An encoded frame (protocol's binary layout, encodeCosignerFrame.ts) with 1..3 header-level
 * mutations — version, kind, round, name lengths, chunk fields, the payload length — or a cut or
 * extension; it may still be a valid frame. The model decodes it with the same decoder.
 */
export function mutateFrameBytes(r: Rand, frame: Uint8Array): Uint8Array {
  let f = frame.slice()
  const view = () => new DataView(f.buffer, f.byteOffset, f.byteLength)
  const protocolLength = f[35] ?? 0
  const keyIdAt = 36 + protocolLength
  const keyIdLength = f[keyIdAt] ?? 0
  const chunkAt = keyIdAt + 1 + keyIdLength
  for (let k = r.range(1, 3); k > 0; k--) {
    switch (r.int(10)) {
      case 0:
        f[0] = r.pick([0, 1, 2, 255])
        break
      case 1:
        f[1] = r.pick([0, 1, 2, 3, 255])
        break
      case 2:
        f[34] = r.pick([0, 1, 2, 5, 254, 255])
        break
      case 3:
        f[35] = r.pick([0, 1, protocolLength - 1, protocolLength + 1, 32, 33, 255])
        break
      case 4:
        if (f.length > chunkAt + 4) {
          view().setUint16(chunkAt, r.pick([0, 1, 2, 65_535]))
          view().setUint16(chunkAt + 2, r.pick([0, 1, 2, 3, 100, 65_535]))
        }
        break
      case 5:
        if (f.length >= chunkAt + 8)
          view().setUint32(chunkAt + 4, r.pick([0, 1, f.length, 0xffff_ffff]))
        break
      case 6:
        f = f.subarray(0, r.int(f.length + 1))
        break
      case 7:
        f = Uint8Array.from([...f, ...r.bytes(r.range(1, 8))])
        break
      case 8:
        if (f.length > 0) f[36 + r.int(Math.max(1, f.length - 36))] = r.int(256)
        break
      default:
        if (f.length > keyIdAt) f[keyIdAt] = r.pick([0, 1, keyIdLength + 1, 64, 65, 255])
    }
  }
  return f.slice()
}
