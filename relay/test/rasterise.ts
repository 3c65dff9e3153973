/**
 * Test helper: rasterises the relay's QR SVG (a white square plus `M x y h1v1h-1z` unit squares)
 * into RGBA pixels a QR decoder can read. Test-only.
 */
/** Rasterises the SVG (a white square and unit-square path commands) at `scale` px per module. */
export function rasterise(svg: string, scale = 6): { data: Uint8ClampedArray; size: number } {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)
  if (viewBox === null) throw new Error('no viewBox')
  const modules = Number(viewBox[1])
  const size = modules * scale
  const data = new Uint8ClampedArray(size * size * 4).fill(255)
  for (const m of svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const [x, y] = [Number(m[1]), Number(m[2])]
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const i = ((y * scale + dy) * size + x * scale + dx) * 4
        data[i] = data[i + 1] = data[i + 2] = 0
      }
    }
  }
  return { data, size }
}
