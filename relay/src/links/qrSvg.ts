/**
 * Renders text as a QR code in SVG: one path of unit squares on a white background with the
 * 4-module quiet zone the QR specification requires. The matrix comes from the pinned
 * `qrcode-generator` (error correction M, smallest version that fits). Pure; no I/O.
 */
import qrcode from 'qrcode-generator'

const QUIET_ZONE = 4

/** The dark modules of the QR code for `text`, as a square boolean matrix. */
export function qrMatrix(text: string): boolean[][] {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)))
}

export function qrSvg(text: string): string {
  const matrix = qrMatrix(text)
  const size = matrix.length + 2 * QUIET_ZONE
  let path = ''
  matrix.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (dark) path += `M${c + QUIET_ZONE} ${r + QUIET_ZONE}h1v1h-1z`
    })
  })
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" ` +
    `shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/>` +
    `<path fill="#000" d="${path}"/></svg>`
  )
}
