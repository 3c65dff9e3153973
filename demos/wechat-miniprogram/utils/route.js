// What a scanned text or a "scan a normal link" URL (the `q` launch parameter) asks for: a
// pairing URI for the signer's /pair route, or nothing. Plain string work (the logic layer has no
// URL class); never passes on text that is not a pairing URI or a link to this signer.
const PAIRING = /^tessera:[0-9a-f]{64}@[0-9]+\?[\x21-\x7e]*$/

function pairingUri(text, signerOrigin) {
  if (typeof text !== 'string' || text.length === 0 || text.length > 4096) return null
  if (PAIRING.test(text)) return text
  const base = `${signerOrigin}/pair`
  if (text.indexOf(`${base}#`) === 0) return pairingUri(text.slice(base.length + 1), signerOrigin)
  if (text.indexOf(`${base}?`) === 0) {
    const pairs = text
      .slice(base.length + 1)
      .split('#')[0]
      .split('&')
    for (let i = 0; i < pairs.length; i++) {
      if (pairs[i].indexOf('uri=') === 0) {
        try {
          return pairingUri(decodeURIComponent(pairs[i].slice(4)), signerOrigin)
        } catch (_e) {
          return null
        }
      }
    }
  }
  return null
}

// The web-view URL for a pairing URI: the signer's universal-link form /pair#<uri>.
function pairUrl(uri, signerOrigin) {
  return `${signerOrigin}/pair#${uri}`
}

module.exports = { pairingUri: pairingUri, pairUrl: pairUrl }
