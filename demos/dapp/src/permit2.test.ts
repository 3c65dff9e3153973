/**
 * The demo's Permit2 `PermitSingle`: signed by a known key through viem, the signature recovers
 * to that key's address (what the page checks after a wallet signs); fields as Permit2 defines.
 */
import { recoverTypedDataAddress } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { expect, test } from 'vitest'
import { PERMIT2_ADDRESS, permit2Single } from './permit2.ts'

test('PermitSingle signs and recovers; the fields are Permit2’s', async () => {
  const account = privateKeyToAccount(`0x${'11'.repeat(32)}`)
  const typedData = permit2Single({
    chainId: 31337,
    token: '0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238',
    spender: '0x3fC91A3afd70395Cd496C647d5a6CC9D4B2b7FAD',
    amount: 1_000_000n,
    nowSeconds: 1_700_000_000,
  })
  expect(typedData.domain.verifyingContract).toBe(PERMIT2_ADDRESS)
  expect(typedData.message.sigDeadline).toBe(1_700_001_800n)
  expect(typedData.types.PermitSingle.map((f) => `${f.type} ${f.name}`)).toEqual([
    'PermitDetails details',
    'address spender',
    'uint256 sigDeadline',
  ])
  expect(typedData.types.PermitDetails.map((f) => `${f.type} ${f.name}`)).toEqual([
    'address token',
    'uint160 amount',
    'uint48 expiration',
    'uint48 nonce',
  ])
  const signature = await account.signTypedData(typedData)
  expect(await recoverTypedDataAddress({ ...typedData, signature })).toBe(account.address)
})
