/**
 * `qrCodeSvg(document, text, label)`: `text` as a QR code (uqr's encoder, error correction M),
 * drawn as one SVG path of dark modules on a white square with the 4-module quiet zone of
 * ISO/IEC 18004 §7.3.8. Always dark on white, whatever the theme: phone scanners expect it.
 * Must never draw with a stylesheet the page could override: colours are attributes.
 */
import { encode } from 'uqr'

const SVG = 'http://www.w3.org/2000/svg'
const QUIET_ZONE = 4

export function qrCodeSvg(doc: Document, text: string, label: string): SVGSVGElement {
  const { data, size } = encode(text, { ecc: 'M', border: 0 })
  let path = ''
  data.forEach((row, y) => {
    let x = 0
    while (x < size) {
      if (!row[x]) {
        x++
        continue
      }
      const start = x
      while (x < size && row[x]) x++
      path += `M${start} ${y}h${x - start}v1h${start - x}z`
    }
  })
  const extent = size + 2 * QUIET_ZONE
  const svg = doc.createElementNS(SVG, 'svg')
  svg.setAttribute('viewBox', `${-QUIET_ZONE} ${-QUIET_ZONE} ${extent} ${extent}`)
  svg.setAttribute('role', 'img')
  svg.setAttribute('aria-label', label)
  svg.setAttribute('shape-rendering', 'crispEdges')
  const background = doc.createElementNS(SVG, 'rect')
  for (const [name, value] of [
    ['x', -QUIET_ZONE],
    ['y', -QUIET_ZONE],
    ['width', extent],
    ['height', extent],
  ] as const) {
    background.setAttribute(name, String(value))
  }
  background.setAttribute('fill', '#ffffff')
  const modules = doc.createElementNS(SVG, 'path')
  modules.setAttribute('d', path)
  modules.setAttribute('fill', '#000000')
  svg.append(background, modules)
  return svg
}
