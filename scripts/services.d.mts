/** Types of `services.mjs` (the product's processes, shared by `npm start` and the e2e flows). */
export type PortName =
  | 'RELAY_PORT'
  | 'COSIGNER_PORT'
  | 'DEV_LOGIN_PORT'
  | 'DEVCHAIN_PORT'
  | 'DEVCHAIN_CONFLUX_PORT'
  | 'DEVCHAIN_CONFLUX_P2P_PORT'
  | 'DEVCHAIN_CONFLUX_STRATUM_PORT'
  | 'DAPP_PORT'
  | 'SIGNER_PORT'

export declare const DEFAULT_PORTS: Readonly<Record<PortName, number>>
export declare const DEV_LOGIN_CLIENT_ID: string
export declare function freePort(host?: string): Promise<number>
export declare function freePorts(host?: string): Promise<Record<PortName, number>>

export interface ServiceUrls {
  relay: string
  /** Every relay node (one unless `extraRelayPorts`); `relay` is the first. */
  relays: string[]
  cosigner: string
  devLogin: string
  devchain: string
  dapp: string
  signer: string
}

export interface StartServicesOptions {
  host?: string
  ports?: Readonly<Record<PortName, number>>
  dataDir: string
  devLogin?: boolean
  log?: (name: string, line: string) => void
  onExit?: (name: string, code: number | string | null) => void
  /** Each service's first healthy answer, `ms` after the services were started. */
  onHealthy?: (name: string, ms: number) => void
  healthTimeoutMs?: number
  /** Start only the services of these names (default: every service present). */
  only?: readonly string[]
  /**
   * The relay on Redis (cluster mode) with this URL and key prefix; default the file mailbox.
   * `publicUrl`: the cluster's one URL (a load balancer), accepted by every node, given to the demos.
   */
  redis?: { url: string; prefix: string; publicUrl?: string }
  /** More relay nodes (`relay-2`, …) on these ports; needs `redis`. */
  extraRelayPorts?: readonly number[]
  /** The co-signer on PostgreSQL (`schema` must exist); default PGlite in the data directory. */
  postgres?: { url: string; schema?: string }
}

export interface RunningServices {
  urls: ServiceUrls
  rows: [label: string, url: string][]
  stop(): Promise<void>
  /** Kills one service by name (SIGKILL, as a crash) and starts it again; resolves when healthy. */
  restart(name: string): Promise<void>
  /** Kills one service by name (SIGKILL, as a crash) and leaves it down until `restart`. */
  kill(name: string): Promise<void>
}

export declare function startServices(options: StartServicesOptions): Promise<RunningServices>
