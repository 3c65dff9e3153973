// The page that holds the signer's <web-view id="signer">. The signer sends
// { tessera: 1, id, action } with my.postMessage; this page answers at once through
// webViewContext.postMessage with { tessera: 1, id, ok: true, value } or
// { tessera: 1, id, ok: false, error: 'Cancelled' | 'HostFailed', message }.
//   action=authCode → my.getAuthCode({ scopes: 'auth_base' }) (silent, no consent screen)
//   action=scan     → my.scan (QR codes); the text goes back to the signer as scanned
// Opened with a pairing URI (`uri`, from a link) it opens the signer's /pair#<uri>.
const PAIRING = /^tessera:[0-9a-f]{64}@[0-9]+\?[\x21-\x7e]*$/
// my.scan and my.getAuthCode report a user cancel as error 10 (scan) or 11 (auth).
const CANCELLED = [10, 11]

Page({
  data: { src: '' },

  onLoad(query) {
    const origin = getApp().globalData.signerOrigin
    const uri = query.uri ? decodeURIComponent(query.uri) : ''
    this.setData({ src: PAIRING.test(uri) ? `${origin}/pair#${uri}` : `${origin}/` })
    this.webView = my.createWebViewContext('signer')
  },

  onMessage(event) {
    const message = event.detail
    if (message?.tessera !== 1 || typeof message.id !== 'number') return
    const reply = (answer) => this.webView.postMessage({ tessera: 1, id: message.id, ...answer })
    const failed = (error) =>
      reply({
        ok: false,
        error: CANCELLED.includes(error.error) ? 'Cancelled' : 'HostFailed',
        message: String(error.errorMessage || error.error),
      })
    if (message.action === 'authCode') {
      my.getAuthCode({
        scopes: 'auth_base',
        success: (res) => reply({ ok: true, value: res.authCode }),
        fail: failed,
      })
    } else if (message.action === 'scan') {
      my.scan({
        scanType: ['qrCode'],
        success: (res) => reply({ ok: true, value: res.code }),
        fail: failed,
      })
    } else {
      reply({ ok: false, error: 'HostFailed', message: 'unknown action' })
    }
  },
})
