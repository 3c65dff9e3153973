/**
 * A QR code as inline SVG (uqr), with a text alternative for screen readers. The SVG is generated
 * by uqr from the given text only: no markup of ours or the text's reaches the page unescaped.
 */
import { renderSVG } from 'uqr'

// uqr renders the SVG from our own text only: no HTML from elsewhere is inserted.
export function Qr({ text, label }: { text: string; label: string }) {
  const svg = renderSVG(text, { border: 2, ecc: 'M', whiteColor: '#fff', blackColor: '#000' })
  return <div class="qr" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
}
