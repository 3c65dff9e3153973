/**
 * Test utility: a co-signer on the real PostgreSQL in a fresh schema, on port 0, with every
 * login adapter pointed at its local double, a random master key, an admin token and silent
 * logs (or captured ones). `cleanup()` stops the server and the doubles and drops the schema.
 */
import { randomBytes } from 'node:crypto'
import { createLogger } from '../log.ts'
import { type RunningCosigner, type StartOptions, startCosigner } from '../startCosigner.ts'
import { type AlipayDouble, startAlipayDouble } from './alipayDouble.ts'
import { createTestSchema, dropTestSchema, POSTGRES_URL } from './engines.ts'
import { type OidcDouble, startOidcDouble } from './oidcDouble.ts'
import { startWeChatDouble, type WeChatDouble } from './wechatDouble.ts'

export const TELEGRAM_BOT_TOKEN = '7000000001:TEST-bot-token'
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789abcdef'

export interface TestCosigner extends RunningCosigner {
  wechat: WeChatDouble
  alipay: AlipayDouble
  oidc: OidcDouble
  clock: { now: number }
  logs: string[]
  /** Resolves with the first log line (already written or still to come) matching `match`. */
  waitForLog(match: (line: string) => boolean): Promise<string>
  schema: string
  cleanup(): Promise<void>
}

export async function startTestCosigner(
  options: { sharedSchema?: string } & StartOptions = {},
): Promise<TestCosigner> {
  const clock = { now: Date.UTC(2026, 10, 22, 0, 0, 0) }
  const now = () => clock.now
  const { sharedSchema, ...startOptions } = options
  const [wechat, alipay, oidc, schema] = await Promise.all([
    startWeChatDouble(now),
    startAlipayDouble(now),
    startOidcDouble(),
    sharedSchema ?? createTestSchema(),
  ])
  const { writeFile, mkdtemp, rm } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = await mkdtemp(join(tmpdir(), 'cosigner-keys-'))
  await writeFile(
    join(dir, 'app.pem'),
    alipay.appPrivateKey.export({ format: 'pem', type: 'pkcs8' }),
  )
  await writeFile(
    join(dir, 'alipay.pem'),
    alipay.alipayPublicKey.export({ format: 'pem', type: 'spki' }),
  )
  const logs: string[] = []
  const listeners = new Set<(line: string) => void>()
  const waitForLog = (match: (line: string) => boolean) =>
    new Promise<string>((resolve) => {
      const found = logs.find(match)
      if (found !== undefined) return resolve(found)
      const listener = (line: string) => {
        if (!match(line)) return
        listeners.delete(listener)
        resolve(line)
      }
      listeners.add(listener)
    })
  const cosigner = await startCosigner({
    port: 0,
    storage: 'postgres',
    databaseUrl: POSTGRES_URL,
    databaseSchema: schema,
    masterKey: randomBytes(32).toString('hex'),
    adminToken: ADMIN_TOKEN,
    wechatAppId: wechat.appId,
    wechatSecret: wechat.secret,
    wechatBaseUrl: wechat.url,
    alipayAppId: alipay.appId,
    alipayPrivateKeyFile: join(dir, 'app.pem'),
    alipayPublicKeyFile: join(dir, 'alipay.pem'),
    alipayBaseUrl: alipay.url,
    telegramBotToken: TELEGRAM_BOT_TOKEN,
    oidcProviders: [`tessera@${oidc.issuer}`],
    logger: createLogger('debug', {}, (line) => {
      logs.push(line)
      for (const listener of listeners) listener(line)
    }),
    now,
    ...startOptions,
  })
  return {
    ...cosigner,
    wechat,
    alipay,
    oidc,
    clock,
    logs,
    waitForLog,
    schema,
    async cleanup() {
      await cosigner.close()
      await Promise.all([wechat.close(), alipay.close(), oidc.close()])
      if (sharedSchema === undefined) await dropTestSchema(schema)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
