/**
 * The UTF-8 byte length of a JavaScript string, counted without encoding it, so an oversize
 * message is refused before any allocation. Lone surrogates count 3 bytes, as TextEncoder
 * replaces them with U+FFFD. Must never allocate in proportion to the input.
 */
export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff
}
