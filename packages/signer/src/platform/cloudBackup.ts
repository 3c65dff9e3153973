/**
 * The encrypted backup file kept in a size-limited key–value store (Telegram CloudStorage:
 * 4,096-character values): base64url of the file split into chunks `<name>_0…`, then a
 * `<name>_meta` record (count, length, SHA-256) written last as the commit point, so a
 * half-written backup is never read as complete. Only bytes that parse as the sealed backup file
 * (`parseBackupFile`) are accepted: a plain share can never be stored here by mistake.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import { parseBackupFile } from '../backup/backupFile.ts'
import { PlatformError } from '../errors.ts'
import type { KeyValueStorage, StorageLimits } from './types.ts'

/** 64 chunks of 4,096 characters: 192 KiB of backup file, far above a two-key backup. */
export const MAX_BACKUP_CHUNKS = 64

type Meta = { v: 1; chunks: number; length: number; sha256: string }

function checkName(name: string): void {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(name)) {
    throw new RangeError('"name" expected 1–32 characters of A-Z a-z 0-9 _ -')
  }
}

export async function saveCloudBackup(
  storage: KeyValueStorage,
  limits: Pick<StorageLimits, 'maxValueChars'>,
  name: string,
  file: Uint8Array,
): Promise<{ chunks: number }> {
  checkName(name)
  if (!(file instanceof Uint8Array)) throw new TypeError('"file" expected Uint8Array')
  try {
    parseBackupFile(file)
  } catch (cause) {
    throw new TypeError('"file" is not a sealed backup file; only the encrypted backup is stored', {
      cause,
    })
  }
  const text = base64urlnopad.encode(file)
  const size = limits.maxValueChars
  const chunks = Math.ceil(text.length / size)
  if (chunks > MAX_BACKUP_CHUNKS) {
    throw new PlatformError('Full', `the backup needs ${chunks} chunks, limit ${MAX_BACKUP_CHUNKS}`)
  }
  const previous = await readMeta(storage, name)
  for (let i = 0; i < chunks; i++) {
    await storage.set(`${name}_${i}`, text.slice(i * size, (i + 1) * size))
  }
  const meta: Meta = { v: 1, chunks, length: file.length, sha256: bytesToHex(sha256(file)) }
  await storage.set(`${name}_meta`, JSON.stringify(meta))
  for (let i = chunks; i < (previous?.chunks ?? 0); i++) await storage.delete(`${name}_${i}`)
  return { chunks }
}

async function readMeta(storage: KeyValueStorage, name: string): Promise<Meta | undefined> {
  const raw = await storage.get(`${name}_meta`)
  if (raw === undefined) return undefined
  let meta: Partial<Meta>
  try {
    meta = JSON.parse(raw) as Partial<Meta>
  } catch {
    throw new PlatformError('HostFailed', `backup "${name}" has an unreadable meta record`)
  }
  if (
    meta?.v !== 1 ||
    !Number.isSafeInteger(meta.chunks) ||
    (meta.chunks as number) < 1 ||
    (meta.chunks as number) > MAX_BACKUP_CHUNKS ||
    !Number.isSafeInteger(meta.length) ||
    typeof meta.sha256 !== 'string'
  ) {
    throw new PlatformError('HostFailed', `backup "${name}" has an invalid meta record`)
  }
  return meta as Meta
}

/** The stored backup file, checked against its length and SHA-256; `undefined` if none. */
export async function loadCloudBackup(
  storage: KeyValueStorage,
  name: string,
): Promise<Uint8Array | undefined> {
  checkName(name)
  const meta = await readMeta(storage, name)
  if (meta === undefined) return undefined
  let text = ''
  for (let i = 0; i < meta.chunks; i++) {
    const chunk = await storage.get(`${name}_${i}`)
    if (chunk === undefined) {
      throw new PlatformError(
        'HostFailed',
        `backup "${name}" is missing chunk ${i} of ${meta.chunks}`,
      )
    }
    text += chunk
  }
  let file: Uint8Array
  try {
    file = base64urlnopad.decode(text)
  } catch {
    throw new PlatformError('HostFailed', `backup "${name}" chunks are not base64url`)
  }
  if (file.length !== meta.length || bytesToHex(sha256(file)) !== meta.sha256) {
    throw new PlatformError('HostFailed', `backup "${name}" does not match its checksum`)
  }
  return file
}
