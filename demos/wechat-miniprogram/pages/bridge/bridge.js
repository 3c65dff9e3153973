// The signer's way back into the shell: the web-view calls wx.miniProgram.navigateTo to
// /pages/bridge/bridge?action=…, this page runs the wx.* call and answers by reopening the
// web-view (wx.reLaunch) — a round trip, because web-view postMessage is not real-time.
//   action=login   → a fresh wx.login code in the web-view's URL fragment
//   action=scan    → wx.scanCode; a pairing URI opens the web-view's /pair
//   action=result  → a result of the signer (e.g. approved=1) shown here, then back
//   action=soter   → SOTER biometrics over the co-signer's challenge (docs/AUTH.md#soter-biometrics):
//                    support and enrolment checked, wx.startSoterAuthentication run, and
//                    resultJSON + resultJSONSignature (or the errCode) handed to the web-view's
//                    URL fragment through the index page
const route = require('../../utils/route.js')

const CHALLENGE = /^[A-Za-z0-9_-]{16,512}$/
const PURPOSE = /^(digest:[0-9a-f]{64}|action:[a-z][A-Za-z0-9_-]{0,63})$/
const MODES = ['fingerPrint', 'facial']

function decode(text) {
  try {
    return decodeURIComponent(text || '')
  } catch (_e) {
    return ''
  }
}

// Back to the signer with a SOTER answer (the index page logs in again and adds it to the fragment).
function soterAnswer(answer) {
  wx.reLaunch({ url: `/pages/index/index?soter=${encodeURIComponent(JSON.stringify(answer))}` })
}

function soter(query) {
  const challenge = decode(query.challenge)
  const purpose = decode(query.purpose)
  // authContent is shown in WeChat's prompt and limited to 42 characters.
  const content = decode(query.content).slice(0, 42) || 'Confirm with your fingerprint or face'
  const wanted = decode(query.modes)
    .split(',')
    .filter((m) => MODES.indexOf(m) >= 0)
  if (!CHALLENGE.test(challenge) || !PURPOSE.test(purpose)) {
    wx.showToast({ title: 'Bad biometric request', icon: 'error' })
    return wx.navigateBack()
  }
  const fail = (errCode, errMsg) =>
    soterAnswer({ purpose: purpose, errCode: errCode, errMsg: errMsg })
  wx.checkIsSupportSoterAuthentication({
    success: (res) => {
      const modes = (wanted.length > 0 ? wanted : MODES).filter(
        (m) => (res.supportMode || []).indexOf(m) >= 0,
      )
      if (modes.length === 0) return fail(90001, 'no supported biometric on this phone')
      wx.checkIsSoterEnrolledInDevice({
        checkAuthMode: modes[0],
        success: (enrolled) => {
          if (!enrolled.isEnrolled) return fail(90011, `no ${modes[0]} enrolled on this phone`)
          wx.startSoterAuthentication({
            requestAuthModes: [modes[0]],
            challenge: challenge,
            authContent: content,
            success: (r) =>
              soterAnswer({
                purpose: purpose,
                resultJSON: r.resultJSON,
                resultJSONSignature: r.resultJSONSignature,
              }),
            fail: (e) => fail(e.errCode, e.errMsg),
          })
        },
        fail: (e) => fail(90001, e.errMsg),
      })
    },
    fail: (e) => fail(90001, e.errMsg),
  })
}

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
    if (query.action === 'soter') return soter(query)
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
