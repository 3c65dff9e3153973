/**
 * The development login page: a name field and one button. It says on its face that it is for
 * development only. Every value placed in the page is HTML-escaped.
 */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export interface LoginPageFields {
  clientId: string
  redirectUri: string
  state: string
  nonce: string
}

export function loginPage(fields: LoginPageFields): string {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join('\n      ')
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Tessera development login</title>
    <style>
      :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
      body { max-width: 28rem; margin: 3rem auto; padding: 0 1rem; }
      .warning { border: 2px solid #d97706; border-radius: .5rem; padding: .75rem; }
      label, input, button { display: block; width: 100%; font-size: 1.1rem; }
      input[type=text] { margin: .25rem 0 1rem; padding: .5rem; box-sizing: border-box; }
      button { padding: .75rem; border-radius: .5rem; border: 0; background: #2563eb; color: #fff; }
    </style>
  </head>
  <body>
    <h1>Development login</h1>
    <p class="warning" role="note"><strong>Development only.</strong> This issuer signs an ID
      token for any name you type. Never configure it on a co-signer that holds real keys.
      / 仅用于开发环境。</p>
    <form method="post" action="/authorize">
      ${hidden}
      <label for="user">Test user</label>
      <input id="user" type="text" name="user" value="alice" maxlength="64" pattern="[A-Za-z0-9._\\-]{1,64}" required>
      <button type="submit">Log in as test user</button>
    </form>
  </body>
</html>
`
}
