// The signer's way back into the shell: the web-view calls wx.miniProgram.navigateTo to
// /pages/bridge/bridge?action=…, this page runs the wx.* call and answers by reopening the
// web-view (wx.reLaunch) — a round trip, because web-view postMessage is not real-time.
//   action=login   → a fresh wx.login code in the web-view's URL fragment
//   action=scan    → wx.scanCode; a pairing URI opens the web-view's /pair
//   action=result  → a result of the signer (e.g. approved=1) shown here, then back
const route = require('../../utils/route.js')

Page({
  data: { message: '' },

  onLoad: function (query) {
    const origin = getApp().globalData.signerOrigin
    if (query.action === 'login') return wx.reLaunch({ url: '/pages/index/index' })
    if (query.action === 'scan') {
      return wx.scanCode({
        onlyFromCamera: false,
        scanType: ['qrCode'],
        success: (res) => {
          const uri = route.pairingUri(res.result, origin)
          if (!uri) {
            wx.showToast({ title: 'Not a pairing code', icon: 'error' })
            return wx.navigateBack()
          }
          wx.reLaunch({ url: `/pages/index/index?uri=${encodeURIComponent(uri)}` })
        },
        fail: () => {
          // Cancelled or no camera permission: back to the signer as it was.
          wx.navigateBack()
        },
      })
    }
    if (query.action === 'result') {
      const approved = query.approved === '1'
      wx.showToast({
        title: approved ? 'Approved' : 'Rejected',
        icon: approved ? 'success' : 'none',
      })
      return wx.navigateBack()
    }
    this.setData({ message: 'Unknown request from the signer.' })
    wx.navigateBack()
  },
})
