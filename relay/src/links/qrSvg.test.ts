/**
 * QR rendering: the SVG decodes (rasterised, read by jsQR) back to the exact pairing URI.
 */
import jsQR from 'jsqr'
import { describe, expect, it } from 'vitest'
import { rasterise } from '../../test/rasterise.ts'
import { qrSvg } from './qrSvg.ts'

describe('QR SVG', () => {
  it('decodes back to a WalletConnect pairing URI', () => {
    const uri = `wc:${'7f'.repeat(32)}@2?relay-protocol=irn&symKey=${'a1'.repeat(32)}&expiryTimestamp=1763769600`
    const svg = qrSvg(uri)
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/)
    const { data, size } = rasterise(svg)
    expect(jsQR(data, size, size)?.data).toBe(uri)
  })

  it('keeps a short link small (version ≤ 3)', () => {
    const svg = qrSvg('https://r.example/r/AbCdEfGhIj')
    const modules = Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1]) - 8
    expect(modules).toBeLessThanOrEqual(29)
  })
})
