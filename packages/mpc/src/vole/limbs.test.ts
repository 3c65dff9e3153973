import { randomBytes } from '@noble/hashes/utils.js'
import { expect, test } from 'vitest'
import {
  fromLimbs,
  LIMBS,
  limbScratch,
  mulAcc,
  mulTableAcc,
  productTable,
  Q,
  readLimbs,
  reduce,
  toLimbs,
  writeLimbs,
} from './limbs.ts'

const s = limbScratch()
const random = (bits: number) => {
  let v = 0n
  for (const b of randomBytes(Math.ceil(bits / 8))) v = (v << 8n) | BigInt(b)
  return v & ((1n << BigInt(bits)) - 1n)
}
const reduced = (x: Float64Array, len: number) => {
  const out = new Float64Array(LIMBS)
  reduce(x, len, out, 0, s)
  return fromLimbs(out)
}

test('reduce matches BigInt mod q for edge values and 2,000 random inputs of 256–512 bits', () => {
  const edges = [0n, 1n, Q - 1n, Q, Q + 1n, 2n * Q - 1n, 2n * Q, (1n << 256n) - 1n]
  edges.push((1n << 384n) - 1n, (1n << 512n) - 1n, Q * Q, (Q - 1n) * (Q - 1n))
  for (let k = 0; k < 2000; k++) edges.push(random([256, 257, 384, 512][k % 4] as number))
  for (const v of edges) {
    expect(reduced(toLimbs(v, 40), 40)).toBe(v % Q)
  }
})

test('reduce accepts un-normalised limbs (column sums below 2^46) and signed limbs summing ≥ 0', () => {
  for (let k = 0; k < 300; k++) {
    const x = new Float64Array(33)
    for (let i = 32; i >= 0; i--) x[i] = Number(random(46))
    let exact = 0n
    for (let i = 0; i < 33; i++) exact += BigInt(x[i] as number) << BigInt(16 * i)
    expect(reduced(x, 33)).toBe(exact % Q)
  }
  // a − b + 2q with a, b < q: limbs may be negative, the value is not.
  for (let k = 0; k < 300; k++) {
    const a = random(256) % Q
    const b = random(256) % Q
    const x = new Float64Array(17)
    const la = toLimbs(a)
    const lb = toLimbs(b)
    const q2 = toLimbs(2n * Q, 17)
    for (let i = 0; i < 17; i++) x[i] = (la[i] ?? 0) - (lb[i] ?? 0) + (q2[i] as number)
    expect(reduced(x, 17)).toBe((((a - b) % Q) + Q) % Q)
  }
})

test('products: table MACs and schoolbook MACs reduce to t·z mod q', () => {
  for (let k = 0; k < 500; k++) {
    const t = k === 0 ? Q - 1n : random(256) % Q
    const z = k === 1 ? Q - 1n : random(256) % Q
    const acc = new Float64Array(33)
    mulTableAcc(toLimbs(z), 0, LIMBS, productTable(t), acc)
    expect(reduced(acc, 17)).toBe((t * z) % Q)
    const wide = new Float64Array(33)
    mulAcc(toLimbs(t), 0, LIMBS, toLimbs(z), 0, LIMBS, wide)
    expect(reduced(wide, 32)).toBe((t * z) % Q)
  }
})

test('byte codec: big-endian 32 bytes, canonical flag exactly for values < q', () => {
  for (const v of [0n, 1n, Q - 1n, Q, Q + 1n, (1n << 256n) - 1n, random(256), random(256)]) {
    const bytes = new Uint8Array(34)
    const x = new Float64Array(LIMBS)
    writeLimbs(toLimbs(v), 0, bytes, 1)
    expect(BigInt(`0x${Buffer.from(bytes.subarray(1, 33)).toString('hex')}`)).toBe(v)
    expect(readLimbs(bytes, 1, x, 0)).toBe(v < Q ? 1 : 0)
    expect(fromLimbs(x)).toBe(v)
  }
})
