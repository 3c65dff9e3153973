/**
 * The demo's settings: query string over `VITE_*` variables over the local defaults (the relay
 * `npm start` runs at ws://127.0.0.1:8787), and a precise error for each malformed value.
 */
import { describe, expect, test } from 'vitest'
import { DEFAULTS, readDemoConfig } from './config.ts'

describe('readDemoConfig', () => {
  test('local defaults with nothing set', () => {
    expect(readDemoConfig('', {})).toEqual({
      relayUrl: 'ws://127.0.0.1:8787',
      rpcUrl: 'http://127.0.0.1:8545',
      chainId: 31337,
      token: undefined,
      signerUrl: undefined,
      devchainUrl: undefined,
      confluxChainId: 2029,
      locale: undefined,
    })
    expect(DEFAULTS.relayUrl).toBe('ws://127.0.0.1:8787')
  })

  test('the query string wins over the environment, which wins over the defaults', () => {
    const env = {
      VITE_TESSERA_RELAY_URL: 'wss://relay.env.example',
      VITE_TESSERA_RPC_URL: 'https://rpc.env.example',
      VITE_TESSERA_CHAIN_ID: '11155111',
      VITE_TESSERA_TOKEN: '0x1c7d4b196cb0c7b01d743fbc6116a902379c7238',
      VITE_TESSERA_DEVCHAIN_URL: 'http://127.0.0.1:8545/',
    }
    expect(readDemoConfig('?relay=wss://relay.query.example&lang=zh-CN&cfxChainId=1', env)).toEqual(
      {
        relayUrl: 'wss://relay.query.example',
        rpcUrl: 'https://rpc.env.example',
        chainId: 11155111,
        token: '0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238',
        signerUrl: undefined,
        devchainUrl: 'http://127.0.0.1:8545',
        confluxChainId: 1,
        locale: 'zh-CN',
      },
    )
  })

  test('malformed values are refused by name', () => {
    expect(() => readDemoConfig('?relay=http://x', {})).toThrow(
      'relay: expected a ws:// or wss:// URL',
    )
    expect(() => readDemoConfig('?rpc=ftp://x', {})).toThrow(
      'rpc: expected an http:// or https:// URL',
    )
    expect(() => readDemoConfig('?chainId=0', {})).toThrow('chainId: expected a positive integer')
    expect(() => readDemoConfig('?token=0x12', {})).toThrow('token: expected a 0x address')
    expect(() => readDemoConfig('?devchain=ws://x', {})).toThrow(
      'devchain: expected an http:// or https:// URL',
    )
    expect(() => readDemoConfig('?cfxChainId=0x7ed', {})).toThrow(
      'cfxChainId: expected a positive integer below 2^32',
    )
    expect(() => readDemoConfig('?requestTimeout=0', {})).toThrow(
      'requestTimeout: expected a positive integer (milliseconds)',
    )
    expect(readDemoConfig('?requestTimeout=5000', {}).requestTimeoutMs).toBe(5000)
    expect(() => readDemoConfig('?pairingTtl=0', {})).toThrow(
      'pairingTtl: expected seconds from 1 to 86400',
    )
    expect(() => readDemoConfig('?pairingTtl=86401', {})).toThrow(
      'pairingTtl: expected seconds from 1 to 86400',
    )
    expect(readDemoConfig('?pairingTtl=8', {}).pairingTtlSeconds).toBe(8)
    expect(() => readDemoConfig('?lang=fr', {})).toThrow("lang: expected 'en' or 'zh-CN'")
  })
})
