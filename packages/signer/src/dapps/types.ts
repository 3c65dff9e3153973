/**
 * Types of the signer's dapp side (contract §3 of the parallel work): what the user grants a dapp,
 * the sessions as a screen lists them, the inbox items a screen approves or rejects, and the
 * decoder they are described with (`describeRequest` of `@tessera/clear-signing` by default,
 * whose `Description` is re-exported). Types only: no run-time code.
 */
import type { DescribeInput, Description, Locale } from '@tessera/clear-signing'
import type { JsonValue, SessionRequest } from '@tessera/protocol'

export type {
  DescribeInput,
  Description,
  Field,
  FieldValue,
  Locale,
  Severity,
  Warning,
} from '@tessera/clear-signing'

/** A clear-signing decoder (default: `describeRequest` of `@tessera/clear-signing`); throws on bad params. */
export type Describe = (input: DescribeInput) => Description

/** What the user chose for one dapp: account indices and CAIP-2 chains (`eip155:<id>`). */
export type Grants = {
  readonly accounts: readonly number[]
  readonly chains: readonly string[]
}

/** WalletConnect Verify's verdict on the dapp's domain, when the SDK gives one. */
export type VerifyStatus = {
  readonly validation: 'VALID' | 'INVALID' | 'UNKNOWN'
  readonly origin: string
  readonly isScam: boolean
}

/** Who sent a request, as a screen shows it. */
export type RequestSource = {
  /** The session's id (a Tessera session topic or a WalletConnect session topic). */
  readonly sessionId: string
  readonly transport: 'tessera' | 'walletconnect'
  readonly name: string
  /** Bound at pairing: the URI's origin (Tessera) or the proposer's URL (WalletConnect). */
  readonly origin: string
  readonly icon?: string
  readonly verify?: VerifyStatus
}

/** A paired dapp as `sessions()` lists it. */
export type DappSession = RequestSource & {
  readonly grants: Grants
  /** The accounts the dapp sees, per CAIP-2 chain. */
  readonly accounts: { readonly [chainId: string]: readonly string[] }
  /** Unix seconds. */
  readonly expiry: number
}

export type InboxItemStatus = 'pending' | 'approving'

/** One request waiting for the user. */
/**
 * A Tessera session request as it arrived, kept by the app across a page reload (a second factor
 * that reloads the page, such as WeChat SOTER) and given to `DappConnections.resume` afterwards,
 * which validates it again and answers the dapp under the request's own id. Public data only.
 */
export type ResumableRequest = {
  readonly sessionId: string
  readonly request: SessionRequest
  /** When the dapp published it (ms since the epoch): its deadline counts from there. */
  readonly publishedAt: number
}

export type InboxItem = {
  readonly id: string
  readonly session: RequestSource
  /** Tessera sessions: the request as it arrived, for `DappConnections.resume` after a reload. */
  readonly resumable?: ResumableRequest
  readonly method: string
  readonly chainId: string
  /** The account the request acts for (its index among the wallet's accounts and its address). */
  readonly account: { readonly index: number; readonly address: string }
  /** The description in the language of the moment the request arrived. */
  readonly description: Description
  /**
   * The same request described again in `locale` (the screen's language now): the validated
   * request is kept, so a change of language re-describes it instead of showing the old text.
   * Never throws: a decoder failure (it described this request once) falls back to `description`.
   */
  describe(locale: Locale): Description
  /** Milliseconds since the epoch (the connections' clock). */
  readonly receivedAt: number
  readonly expiresAt: number
  readonly status: InboxItemStatus
  /** Signs (verified) and answers the dapp; resolves with what the dapp received. */
  approve(): Promise<JsonValue>
  /** Answers the dapp with 4001. */
  reject(): Promise<void>
}

export type InboxEvents = {
  /** The items changed (added, answered, expired or dropped with their session). */
  change: readonly InboxItem[]
  /** An item left the inbox, and how. */
  answered: {
    readonly id: string
    readonly outcome: 'approved' | 'rejected' | 'expired' | 'failed' | 'denied' | 'ended'
  }
}
