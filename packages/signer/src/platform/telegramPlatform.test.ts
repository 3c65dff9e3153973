/**
 * The Telegram adapter against the fake WebApp (test/fakeTelegram.ts): initData checked by the
 * real co-signer verifier, the wrapping key in SecureStorage (DeviceStorage where unsupported,
 * refused at 10 items), CloudStorage limits, the encrypted backup in chunks, startapp pairing,
 * scanning, links and haptics.
 */
import { verifyTelegramInitData } from '@tessera/cosigner'
import { buildPairingUri, parsePairingUri } from '@tessera/protocol'
import { expect, test } from 'vitest'
import { PlatformError } from '../errors.ts'
import { MIN_PASSCODE_KDF } from '../vault/passcode.ts'
import { loadCloudBackup, saveCloudBackup } from './cloudBackup.ts'
import { decodeStartParam, encodeStartParam } from './decodeStartParam.ts'
import { TELEGRAM_LIMITS, telegramPlatform } from './telegramPlatform.ts'
import { fakeTelegram, signInitData } from './test/fakeTelegram.ts'

const BOT_TOKEN = '123456:test-bot-token'
const NOW = 1_767_225_300

test('login proof: the signed initData, verified by the co-signer', async () => {
  const initData = signInitData(
    { auth_date: String(NOW - 10), query_id: 'AAH', user: '{"id":42,"first_name":"A"}' },
    BOT_TOKEN,
  )
  const { webApp } = fakeTelegram({ initData })
  const proof = await telegramPlatform(webApp).loginProof()
  expect(proof).toEqual({ kind: 'telegram', initData })
  if (proof.kind !== 'telegram') throw new Error('unreachable')
  const login = verifyTelegramInitData(proof.initData, {
    check: { mode: 'hmac', botToken: BOT_TOKEN },
    now: () => NOW * 1000,
  })
  expect(login.userId).toBe('42')
  const other = verifyTelegramInitData.bind(null, proof.initData, {
    check: { mode: 'hmac', botToken: '123456:another' },
    now: () => NOW * 1000,
  })
  expect(other).toThrow(/rejected/)
  await expect(telegramPlatform(fakeTelegram().webApp).loginProof()).rejects.toMatchObject({
    code: 'NoLogin',
  })
})

test('wrapping key in SecureStorage, which holds at most 10 items', async () => {
  const fake = fakeTelegram({ secureStorage: 'supported' })
  const platform = telegramPlatform(fake.webApp)
  expect(await platform.wrappingKeyStore()).toBe('SecureStorage')
  const secure = platform.secureStorage
  if (secure === undefined) throw new Error('no secure storage')
  expect(await secure.get('wrap_0')).toBeUndefined()
  for (let i = 0; i < 10; i++) await secure.set(`wrap_${i}`, `key${i}`)
  expect(await secure.get('wrap_3')).toBe('key3')
  expect(fake.secureItems.size).toBe(10)
  const full = secure.set('wrap_10', 'k')
  await expect(full).rejects.toBeInstanceOf(PlatformError)
  await expect(full).rejects.toMatchObject({ code: 'Full' })
  await secure.set('wrap_3', 'replaced') // replacing an item is not a new item
  await secure.delete('wrap_0')
  await secure.set('wrap_10', 'k')
  expect(fake.deviceItems.size).toBe(0)
})

test('DeviceStorage where SecureStorage answers UNSUPPORTED; refused before Bot API 9.0', async () => {
  const fake = fakeTelegram({ secureStorage: 'unsupported' })
  const platform = telegramPlatform(fake.webApp)
  await platform.secureStorage?.set('wrap', 'k')
  expect(await platform.wrappingKeyStore()).toBe('DeviceStorage')
  expect(fake.deviceItems.get('wrap')).toBe('k')
  // A transient host error during the probe is reported, not remembered.
  const flaky = fakeTelegram({ secureStorage: 'supported' })
  const getItem = flaky.webApp.SecureStorage?.getItem
  if (flaky.webApp.SecureStorage === undefined || getItem === undefined) throw new Error('no store')
  flaky.webApp.SecureStorage.getItem = (_key, callback) => setTimeout(() => callback('BUSY'), 0)
  const retried = telegramPlatform(flaky.webApp)
  await expect(retried.wrappingKeyStore()).rejects.toThrow(
    'Telegram SecureStorage.getItem failed: BUSY',
  )
  flaky.webApp.SecureStorage.getItem = getItem
  expect(await retried.wrappingKeyStore()).toBe('SecureStorage')
  const old = telegramPlatform(fakeTelegram({ version: '8.0', secureStorage: 'absent' }).webApp)
  await expect(old.secureStorage?.get('wrap')).rejects.toMatchObject({ code: 'Unsupported' })
})

test('CloudStorage: limits enforced before the host, missing keys read as undefined', async () => {
  const fake = fakeTelegram()
  const { storage } = telegramPlatform(fake.webApp)
  expect(await storage.get('settings')).toBeUndefined()
  await storage.set('settings', 'x'.repeat(4096))
  expect(fake.cloud.get('settings')).toHaveLength(4096)
  await expect(storage.set('settings', 'x'.repeat(4097))).rejects.toThrow(
    'storage value of "settings" has 4097 characters, limit 4096',
  )
  await expect(storage.set('k'.repeat(129), 'x')).rejects.toThrow(/longer than 128/)
  // The fake itself refuses what the real CloudStorage refuses.
  await expect(
    new Promise((_, reject) => fake.webApp.CloudStorage.setItem('k', 'x'.repeat(4097), reject)),
  ).rejects.toBe('VALUE_TOO_LONG')
})

test('the encrypted backup in CloudStorage chunks; never anything else', async () => {
  const fake = fakeTelegram()
  const { storage } = telegramPlatform(fake.webApp)
  // The shape of a sealed file (argon2id at the minimum costs the engine accepts).
  const kdf = { alg: 'argon2id', ...MIN_PASSCODE_KDF }
  const blob = (curve: string) => ({ curve, kdf, ciphertext: { b64: 'A'.repeat(6000) } })
  const file = new TextEncoder().encode(
    JSON.stringify({ v: 1, secp256k1: blob('secp256k1'), ed25519: blob('ed25519') }),
  )
  const { chunks } = await saveCloudBackup(storage, TELEGRAM_LIMITS, 'backup', file)
  expect(chunks).toBe(Math.ceil(Math.ceil((file.length * 4) / 3) / 4096))
  expect(chunks).toBeGreaterThan(2)
  for (const value of fake.cloud.values()) expect(value.length).toBeLessThanOrEqual(4096)
  expect(await loadCloudBackup(storage, 'backup')).toEqual(file)
  expect(await loadCloudBackup(storage, 'other')).toBeUndefined()
  const share = new Uint8Array(32).fill(7)
  await expect(saveCloudBackup(storage, TELEGRAM_LIMITS, 'backup', share)).rejects.toThrow(
    '"file" is not a sealed backup file; only the encrypted backup is stored',
  )
  fake.cloud.set('backup_1', `${fake.cloud.get('backup_1')?.slice(1)}B`)
  await expect(loadCloudBackup(storage, 'backup')).rejects.toThrow(
    'backup "backup" does not match its checksum',
  )
  fake.cloud.delete('backup_2')
  await expect(loadCloudBackup(storage, 'backup')).rejects.toThrow(/missing chunk 2/)
})

test('pairing from startapp: base64url of the pairing URI', () => {
  const uri = buildPairingUri({
    topic: 'ab'.repeat(32),
    relay: 'wss://relay.example',
    key: Uint8Array.from({ length: 32 }, (_, i) => i + 1),
    exp: NOW + 300,
    name: 'Demo',
    origin: 'https://app.example',
  })
  const param = encodeStartParam(uri)
  const { webApp } = fakeTelegram({ startParam: param })
  const decoded = decodeStartParam(webApp.initDataUnsafe.start_param ?? '')
  expect(decoded).toBe(uri)
  expect(parsePairingUri(decoded, { now: NOW }).name).toBe('Demo')
  expect(() => decodeStartParam('tessera:ab')).toThrow('"startapp" expected 1–512 characters')
  expect(() => decodeStartParam('_-8')).toThrow('"startapp" is not base64url of UTF-8 text')
})

test('scan through the QR popup: the text read, or Cancelled when the user closes it', async () => {
  const fake = fakeTelegram()
  const platform = telegramPlatform(fake.webApp)
  const first = platform.scan?.()
  expect(fake.scanner.open).toBe(true)
  fake.scanner.read('tessera:abc')
  await expect(first).resolves.toBe('tessera:abc')
  expect(fake.scanner.open).toBe(false)
  const second = platform.scan?.()
  fake.scanner.close()
  await expect(second).rejects.toMatchObject({ code: 'Cancelled' })
  const old = telegramPlatform(fakeTelegram({ version: '6.0' }).webApp)
  await expect(old.scan?.()).rejects.toMatchObject({ code: 'Unsupported' })
})

test('links: t.me inside Telegram, https outside, wc: refused with a clear error; haptics', async () => {
  const fake = fakeTelegram()
  const platform = telegramPlatform(fake.webApp)
  await platform.openLink('https://t.me/tessera_bot')
  await platform.openLink('https://app.example/dapp')
  expect(fake.opened).toEqual({
    telegram: ['https://t.me/tessera_bot'],
    external: ['https://app.example/dapp'],
  })
  await expect(platform.openLink('wc:abc@2?relay-protocol=irn')).rejects.toThrow(
    'Telegram cannot open wc: links from a Mini App',
  )
  platform.haptic('success')
  platform.haptic('selection')
  expect(fake.haptics).toEqual(['success', 'selection'])
})
