/**
 * Test helper: reads the modal's QR code back as a phone would see it — the SVG rasterised by
 * the browser onto a canvas, then decoded by jsQR — so a test compares the exact text scanned.
 */
import jsQR from 'jsqr'

export async function decodeQrSvg(svg: SVGSVGElement, pixels = 600): Promise<string | undefined> {
  const markup = new XMLSerializer().serializeToString(svg)
  const image = new Image(pixels, pixels)
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`
  await image.decode()
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = pixels
  const context = canvas.getContext('2d')
  if (context === null) throw new Error('no 2d canvas')
  context.drawImage(image, 0, 0, pixels, pixels)
  const { data, width, height } = context.getImageData(0, 0, pixels, pixels)
  return jsQR(data, width, height)?.data
}
