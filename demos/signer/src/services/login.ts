/**
 * Login proofs for the co-signer. Development OIDC: the implicit-flow redirect to the dev-login
 * page (demos/dev-login) with a random `state` and `nonce` kept in sessionStorage, and its answer
 * read back from the fragment (`#id_token=…&state=…`); the state must match the one this tab
 * started, so a token pushed into the URL by someone else is refused. Telegram: the Mini App's
 * signed `initData` (launch parameter `tgWebAppData`), which the co-signer verifies.
 */
import type { LoginProof } from '@tessera/signer'

export const OIDC_CLIENT_ID = 'tessera-signer'
const PENDING = 'tessera.login.pending'

type Pending = { readonly state: string; readonly nonce: string; readonly resume?: string }

const random = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')

/** The URL of the dev-login page; `resume` is a path+fragment to come back to (a pairing link). */
export type TabStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export function startOidcLogin(
  storage: TabStorage,
  devLoginUrl: string,
  origin: string,
  resume?: string,
): string {
  const pending: Pending = { state: random(), nonce: random(), ...(resume ? { resume } : {}) }
  storage.setItem(PENDING, JSON.stringify(pending))
  const query = new URLSearchParams({
    client_id: OIDC_CLIENT_ID,
    response_type: 'id_token',
    scope: 'openid',
    redirect_uri: `${origin}/`,
    state: pending.state,
    nonce: pending.nonce,
  })
  return `${devLoginUrl.replace(/\/+$/, '')}/authorize?${query}`
}

export type OidcReturn =
  | { readonly kind: 'none' }
  | { readonly kind: 'badState' }
  | { readonly kind: 'ok'; readonly proof: LoginProof; readonly resume: string | undefined }

/** Reads the redirect's fragment, once: the pending login is consumed either way. */
export function finishOidcLogin(storage: TabStorage, hash: string): OidcReturn {
  const fragment = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash)
  const idToken = fragment.get('id_token')
  if (idToken === null) return { kind: 'none' }
  const raw = storage.getItem(PENDING)
  storage.removeItem(PENDING)
  let pending: Pending | undefined
  try {
    pending = raw === null ? undefined : (JSON.parse(raw) as Pending)
  } catch {
    pending = undefined
  }
  if (pending === undefined || fragment.get('state') !== pending.state) return { kind: 'badState' }
  if (idToken.split('.').length !== 3) return { kind: 'badState' }
  return { kind: 'ok', proof: { kind: 'oidc', idToken }, resume: pending.resume }
}

/** Telegram's launch parameters, when the page runs as a Mini App. */
export function telegramLaunch(
  hash: string,
): { initData: string; startParam?: string; language?: string } | undefined {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash)
  const initData = params.get('tgWebAppData')
  if (initData === null || initData === '') return undefined
  const data = new URLSearchParams(initData)
  let language: string | undefined
  try {
    const user = JSON.parse(data.get('user') ?? '{}') as { language_code?: unknown }
    language = typeof user.language_code === 'string' ? user.language_code : undefined
  } catch {
    language = undefined
  }
  const startParam = data.get('start_param') ?? params.get('tgWebAppStartParam') ?? undefined
  return { initData, ...(startParam ? { startParam } : {}), ...(language ? { language } : {}) }
}
