/**
 * The command line: `start` (the default) serves; `verify-audit` checks the audit chain and
 * exits 1 naming every problem; `rotate-master-key` rewraps every data key under the current
 * master key (older keys given with --previous-master-key-files); `--help` prints the option
 * table; `start --workers N` forks N co-signer processes on one port (startWorkers.ts). Output
 * is JSON lines on stdout; a failure (bad option, storage unreachable, missing
 * database) is one `fatal` line on stderr and exit code 2. Nothing secret is ever printed.
 */
import cluster from 'node:cluster'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, createLogger, helpText, startupLine } from '@tessera/server-kit'
import { verifyAudit } from './audit/verifyAudit.ts'
import { type CosignerConfig, OPTION_TABLE, readCosignerOptions } from './config.ts'
import {
  createKeyring,
  masterKey,
  parseMasterKeyText,
  readMasterKeyFile,
} from './crypto/masterKey.ts'
import { rotateMasterKey } from './crypto/rotateMasterKey.ts'
import { CosignerError } from './errors.ts'
import { type RunningCosigner, startCosigner } from './startCosigner.ts'
import { startWorkers, type WorkerStarted } from './startWorkers.ts'
import { openDatabase, type StorageConfig } from './storage/openDatabase.ts'
import { burnSingleUse } from './storage/presignatures.ts'

export interface CliIo {
  out(line: string): void
  err(line: string): void
}

const USAGE = `usage: tessera-cosigner [start|verify-audit|rotate-master-key|burn-single-use] [options]
  verify-audit       [--expect-head <seq>:<hex hash>]  check the audit hash chain
  rotate-master-key  rewrap data keys under the current master key
  burn-single-use    after restoring a database backup: mark every presignature and nonce used
options: flags or COSIGNER_* environment variables (tessera-cosigner --help)`

const storageOf = (config: CosignerConfig): StorageConfig =>
  config.storage === 'pglite'
    ? { engine: 'pglite', dataDir: join(config.dataDir, 'pglite') }
    : {
        engine: 'postgres',
        url: config.databaseUrl,
        ...(config.databaseSchema === '' ? {} : { schema: config.databaseSchema }),
      }

export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<{ code: number; server?: RunningCosigner }> {
  const [first, ...rest] = argv
  const command = first === undefined || first.startsWith('-') ? 'start' : first
  const args = command === first ? rest : argv
  // Start-up lines (unknown variables, a fatal error) go to stderr as JSON with time and level.
  const startup = createLogger({
    level: 'info',
    base: { service: 'cosigner' },
    sink: (line) => io.err(line.trimEnd()),
  })
  const loadConfig = (options: readonly string[]): CosignerConfig => {
    const read = readCosignerOptions(options, env)
    if (read.unknownEnv.length > 0)
      startup.warn('unknown_environment', { variables: read.unknownEnv })
    return read.config
  }
  try {
    if (command === 'help' || argv.includes('--help')) {
      io.out(helpText(OPTION_TABLE, USAGE).trimEnd())
      return { code: 0 }
    }
    if (command === 'verify-audit') {
      const at = args.indexOf('--expect-head')
      let expectHead: { seq: number; hash: string } | undefined
      if (at !== -1) {
        const match = /^([1-9][0-9]*):([0-9a-f]{64})$/.exec(args[at + 1] ?? '')
        if (match === null)
          throw new ConfigError('InvalidValue', '--expect-head expects <seq>:<64 hex characters>')
        expectHead = { seq: Number(match[1]), hash: match[2] as string }
      }
      const config = loadConfig(at === -1 ? args : [...args.slice(0, at), ...args.slice(at + 2)])
      const storage = storageOf(config)
      if (storage.engine === 'pglite' && !existsSync(storage.dataDir)) {
        throw new ConfigError('NoData', `no co-signer data at ${storage.dataDir}: check --data-dir`)
      }
      const db = await openDatabase(storage, undefined, { migrate: false })
      try {
        const result = await verifyAudit(db, expectHead === undefined ? {} : { expectHead }).catch(
          (error: unknown) => {
            // 42P01 undefined_table: a database the co-signer never used.
            if ((error as { code?: string }).code === '42P01') {
              throw new ConfigError(
                'NoData',
                'this database holds no co-signer audit log: check the database URL and schema',
              )
            }
            throw error
          },
        )
        for (const problem of result.problems)
          io.out(JSON.stringify({ event: 'audit_problem', ...problem }))
        io.out(
          JSON.stringify({
            event: 'audit_verified',
            ok: result.ok,
            records: result.records,
            headSeq: result.headSeq,
            headHash: result.headHash,
          }),
        )
        return { code: result.ok ? 0 : 1 }
      } finally {
        await db.close()
      }
    }
    if (command === 'rotate-master-key') {
      const config = loadConfig(args)
      const current =
        config.masterKey !== ''
          ? parseMasterKeyText(config.masterKey, 'env COSIGNER_MASTER_KEY')
          : config.masterKeyFile !== ''
            ? readMasterKeyFile(config.masterKeyFile)
            : undefined
      if (current === undefined)
        throw new ConfigError(
          'MissingValue',
          'rotate-master-key needs the new master key (COSIGNER_MASTER_KEY or --master-key-file)',
        )
      if (config.previousMasterKeyFiles.length === 0)
        throw new ConfigError(
          'MissingValue',
          'rotate-master-key needs the old key(s) in --previous-master-key-files',
        )
      const keyring = createKeyring(
        masterKey(current),
        config.previousMasterKeyFiles.map((f) => masterKey(readMasterKeyFile(f))),
      )
      const db = await openDatabase(storageOf(config))
      try {
        const result = await rotateMasterKey(db, keyring)
        io.out(
          JSON.stringify({
            event: 'master_key_rotated',
            to: keyring.current.id,
            rewrapped: result.rewrapped,
            failed: result.failed,
          }),
        )
        return { code: result.failed.length === 0 ? 0 : 1 }
      } finally {
        await db.close()
      }
    }
    if (command === 'burn-single-use') {
      const db = await openDatabase(storageOf(loadConfig(args)))
      try {
        const burned = await burnSingleUse(db, Date.now())
        io.out(JSON.stringify({ event: 'single_use_burned', ...burned }))
        return { code: 0 }
      } finally {
        await db.close()
      }
    }
    if (command !== 'start')
      throw new ConfigError('UnknownCommand', `unknown command "${command}"\n${USAGE}`)
    const config = loadConfig(args)
    if (config.workers > 1 && cluster.isPrimary) {
      if (config.storage !== 'postgres')
        throw new ConfigError(
          'InvalidValue',
          '--workers above 1 needs --storage postgres (PGlite serves one process)',
        )
      // The primary's lines (workers started, replaced) go to stdout beside the workers' own.
      const log = createLogger({
        level: 'info',
        base: { service: 'cosigner' },
        sink: (line) => io.out(line.trimEnd()),
      })
      return { code: 0, server: await startWorkers(config.workers, log) }
    }
    const server = await startCosigner(config)
    if (cluster.isWorker) {
      const started: WorkerStarted = {
        type: 'cosigner_started',
        url: server.url,
        noiseStaticKey: server.noiseStaticKey,
      }
      process.send?.(started)
    }
    return { code: 0, server }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CosignerError) {
      startup.fatal(command === 'start' ? 'start_failed' : 'command_failed', {
        errorCode: error.code,
        error: startupLine(error),
      })
      return { code: 2 }
    }
    throw error
  }
}
