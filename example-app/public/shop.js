// The shop's script: a file, not an inline <script>, so that the Content-Security-Policy can say script-src 'self' (see app.ts).
// Errors from commands arrive as a `live:error` event (HX-Trigger); TriggerEvent('toast') as `toast`.
(function () {
  var el = document.getElementById('toast'), timer
  function show (message, isError) {
    el.textContent = message
    el.className = 'show' + (isError ? ' error' : '')
    clearTimeout(timer)
    timer = setTimeout(function () { el.className = '' }, 4000)
  }
  document.addEventListener('live:error', function (e) { show(e.detail.message, true) })
  document.addEventListener('toast', function (e) { show(e.detail.message, false) })
})()
