/**
 * DEVELOPMENT ONLY: the local OIDC issuer as a process. DEV_LOGIN_HOST, DEV_LOGIN_PORT (default
 * 8790), DEV_LOGIN_CLIENT_ID (default `tessera-signer`), DEV_LOGIN_REDIRECT_ORIGINS (comma-separated
 * origins the login page may return to). Prints one JSON line when ready.
 */
import { startDevLogin } from './startDevLogin.ts'

const rawPort = process.env.DEV_LOGIN_PORT ?? '8790'
const port = Number(rawPort)
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`DEV_LOGIN_PORT must be a port number (0–65535), got "${rawPort}"`)
  process.exit(2)
}
const login = await startDevLogin({
  host: process.env.DEV_LOGIN_HOST ?? '127.0.0.1',
  port,
  clientId: process.env.DEV_LOGIN_CLIENT_ID ?? 'tessera-signer',
  redirectOrigins: (process.env.DEV_LOGIN_REDIRECT_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== ''),
})
console.log(
  JSON.stringify({
    level: 'info',
    msg: 'development login ready',
    issuer: login.issuer,
    developmentOnly: true,
  }),
)
const stop = () => void login.close().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
