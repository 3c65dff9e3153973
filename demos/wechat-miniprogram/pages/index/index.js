// The page that holds the signer's <web-view>. Opened normally it gets a fresh wx.login code and
// hands it to the web-view in the URL fragment (never the query: it must not reach server logs);
// opened by "scan a normal link" (`q`) or by the bridge page with a pairing URI it opens /pair;
// opened by the bridge page with a SOTER answer (`soter`, JSON) it adds that answer to the
// fragment next to the fresh code: `#code=…&soter=…`.
const route = require('../../utils/route.js')

// The SOTER answer as the bridge page encoded it, re-encoded so nothing but one fragment value
// reaches the web-view; '' when it is not JSON.
function soterFragment(text) {
  try {
    const answer = JSON.parse(decodeURIComponent(text))
    if (typeof answer !== 'object' || answer === null) return ''
    return `&soter=${encodeURIComponent(JSON.stringify(answer))}`
  } catch (_e) {
    return ''
  }
}

Page({
  data: { src: '', error: '' },

  onLoad: function (query) {
    const origin = getApp().globalData.signerOrigin
    const text = query.uri
      ? decodeURIComponent(query.uri)
      : query.q
        ? decodeURIComponent(query.q)
        : ''
    if (text) {
      const uri = route.pairingUri(text, origin)
      if (uri) return this.setData({ src: route.pairUrl(uri, origin) })
      this.setData({ error: 'This QR code is not a Tessera pairing code.' })
    }
    this.login(origin, query.soter ? soterFragment(query.soter) : '')
  },

  login: function (origin, extra) {
    wx.login({
      success: (res) => {
        this.setData({ src: `${origin}/#code=${encodeURIComponent(res.code)}${extra || ''}` })
      },
      fail: (err) => {
        this.setData({ error: `WeChat login failed (${err.errMsg}). Pull down to retry.` })
      },
    })
  },

  onPullDownRefresh: function () {
    this.setData({ error: '' })
    this.login(getApp().globalData.signerOrigin)
  },
})
