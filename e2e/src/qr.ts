/**
 * Reads a QR code the way a phone camera would: the modal's SVG is rasterised by the page onto a
 * canvas, its pixels come back to Node, and jsQR decodes them — so a flow compares the exact text
 * a scan would give.
 */
import jsQR from 'jsqr'
import type { Locator } from 'playwright-core'

export async function decodeQr(svg: Locator, pixels = 600): Promise<string> {
  const rgba = await svg.evaluate(async (element, size) => {
    const source = new XMLSerializer().serializeToString(element)
    const image = new Image(size, size)
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(source)}`
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = size
    canvas.height = size
    const context = canvas.getContext('2d')
    if (context === null) throw new Error('no 2D canvas')
    context.fillStyle = '#fff'
    context.fillRect(0, 0, size, size)
    context.drawImage(image, 0, 0, size, size)
    return Array.from(context.getImageData(0, 0, size, size).data)
  }, pixels)
  const decoded = jsQR(Uint8ClampedArray.from(rgba), pixels, pixels)
  if (decoded === null) throw new Error('the QR code does not decode')
  return decoded.data
}
