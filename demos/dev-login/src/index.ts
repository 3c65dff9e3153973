/** `@tessera/dev-login`: DEVELOPMENT ONLY local OIDC issuer (private). */
export { type DevLogin, type DevLoginOptions, startDevLogin } from './startDevLogin.ts'
