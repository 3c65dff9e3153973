/**
 * `parsePairingLink` on every form a pairing link arrives in — the URI, pasted text with spaces and
 * line breaks, the universal link, Telegram's `startapp` (bare, in a t.me link, as
 * `tgWebAppStartParam`), WeChat's scanned `q` and the mini-program `?uri=` page query, `wc:` URIs
 * for WalletConnect mode — and a precise `BadLink` sentence for everything else.
 */
import { buildPairingUri } from '@tessera/protocol'
import { describe, expect, test } from 'vitest'
import { encodeStartParam } from '../platform/decodeStartParam.ts'
import { DappsError } from './dappsError.ts'
import { parsePairingLink } from './parsePairingLink.ts'

const URI = buildPairingUri({
  topic: 'ab'.repeat(32),
  relay: 'wss://relay.example',
  key: Uint8Array.from({ length: 32 }, (_, i) => i + 1),
  exp: 1_767_225_600,
  name: 'Demo dapp',
  origin: 'https://app.example',
})
const WC = `wc:${'c0'.repeat(32)}@2?relay-protocol=irn&symKey=${'7f'.repeat(32)}&expiryTimestamp=1767225600`
const SIGNER = 'https://signer.example.com'
const tessera = { transport: 'tessera', uri: URI }
const walletconnect = { transport: 'walletconnect', uri: WC }

describe('every form of a Tessera pairing link', () => {
  test.each([
    ['the URI', URI],
    ['pasted with spaces and line breaks', `  \n${URI.slice(0, 40)}\n  ${URI.slice(40)}\t \n`],
    ['the universal link', `${SIGNER}/pair#${URI}`],
    ['the universal link, pasted with a trailing newline', ` ${SIGNER}/pair#${URI}\n`],
    ['a bare Telegram startapp value', encodeStartParam(URI)],
    [
      'a t.me link with startapp',
      `https://t.me/tessera_bot/signer?startapp=${encodeStartParam(URI)}`,
    ],
    [
      'the Mini App URL with tgWebAppStartParam',
      `${SIGNER}/?tgWebAppStartParam=${encodeStartParam(URI)}`,
    ],
    ['a mini-program page URL with ?uri=', `${SIGNER}/pair?uri=${encodeURIComponent(URI)}`],
    ['a mini-program page query', `uri=${encodeURIComponent(URI)}`],
    ['a page query with its question mark', `?uri=${encodeURIComponent(URI)}`],
    [
      'WeChat’s scanned-QR q of a ?uri= link',
      `q=${encodeURIComponent(`${SIGNER}/pair?uri=${encodeURIComponent(URI)}`)}&scancode_time=1767225300`,
    ],
    ['WeChat’s q of a universal link', `q=${encodeURIComponent(`${SIGNER}/pair#${URI}`)}`],
  ])('%s', (_, text) => {
    expect(parsePairingLink(text)).toEqual(tessera)
  })
})

describe('wc: links go to WalletConnect mode', () => {
  test.each([
    ['the URI', WC],
    ['pasted with whitespace', `\n ${WC} \n`],
    ['in a page query', `${SIGNER}/pair?uri=${encodeURIComponent(WC)}`],
    ['in a universal link', `${SIGNER}/pair#${WC}`],
    ['in a Telegram startapp', encodeStartParam(WC)],
  ])('%s', (_, text) => {
    expect(parsePairingLink(text)).toEqual(walletconnect)
  })
})

describe('anything else is BadLink with what was wrong', () => {
  test.each([
    ['empty text', '  \n ', /empty/],
    ['too long', 'x'.repeat(20_000), /never that long/],
    ['WalletConnect v1', `wc:${'ab'.repeat(16)}@1?bridge=https%3A%2F%2Fb.example&key=00`, /v1/],
    ['a malformed wc: URI', 'wc:abc@2?relayProtocol=irn', /not a WalletConnect v2 pairing URI/],
    ['a web page without a pairing URI', 'https://example.com/hello?x=1', /carries no pairing URI/],
    ['a page query without one', 'foo=bar', /carries no pairing URI/],
    ['a universal link with another fragment', `${SIGNER}/pair#hello`, /universal link/],
    ['a startapp that is not a pairing URI', encodeStartParam('hello there'), /start parameter/],
    [
      'a startapp with bad characters',
      'https://t.me/bot/app?startapp=a%2Bb',
      /Telegram start parameter/,
    ],
    ['random text', 'scan me!', /neither a pairing URI/],
    ['an ethereum: link', 'ethereum:0x0000000000000000000000000000000000000001', /neither/],
    ['a link nested too deep', nest(URI, 5), /too many times/],
  ])('%s', (_, text, sentence) => {
    let thrown: unknown
    try {
      parsePairingLink(text)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(DappsError)
    expect(thrown).toMatchObject({ code: 'BadLink' })
    expect((thrown as DappsError).shortMessage).toMatch(sentence)
  })
})

function nest(uri: string, times: number): string {
  let text = uri
  for (let i = 0; i < times; i++) text = `${SIGNER}/pair?uri=${encodeURIComponent(text)}`
  return text
}
