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
    // Base64, not an array of numbers: a million numbers through the DevTools protocol take
    // tens of seconds on a loaded machine.
    const data = context.getImageData(0, 0, size, size).data
    let binary = ''
    for (let i = 0; i < data.length; i += 0x8000) {
      binary += String.fromCharCode(...data.subarray(i, i + 0x8000))
    }
    return btoa(binary)
  }, pixels)
  const decoded = jsQR(new Uint8ClampedArray(Buffer.from(rgba, 'base64')), pixels, pixels)
  if (decoded === null) throw new Error('the QR code does not decode')
  return decoded.data
}
