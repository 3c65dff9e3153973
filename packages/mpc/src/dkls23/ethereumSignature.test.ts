/** `ethereumSignature` agrees with viem's serializeSignature on random noble signatures, and viem recovers the signer from it. */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, recoverAddress, serializeSignature } from 'viem'
import { publicKeyToAddress } from 'viem/accounts'
import { expect, test } from 'vitest'
import { ethereumSignature } from './ethereumSignature.ts'

test('r ‖ s ‖ (27 + parity), as viem serializes it, recovering the signer', async () => {
  for (let i = 0; i < 20; i++) {
    const key = secp256k1.utils.randomSecretKey()
    const hash = crypto.getRandomValues(new Uint8Array(32))
    const recovered = secp256k1.sign(hash, key, { prehash: false, format: 'recovered' })
    const recovery = recovered[0] as number
    const compact = recovered.slice(1)
    const ours = ethereumSignature({
      r: compact.slice(0, 32),
      s: compact.slice(32),
      recovery,
      compact,
    })
    const viems = serializeSignature({
      r: bytesToHex(compact.slice(0, 32)),
      s: bytesToHex(compact.slice(32)),
      yParity: recovery & 1,
    })
    expect(bytesToHex(ours)).toBe(viems)
    const signer = publicKeyToAddress(bytesToHex(secp256k1.getPublicKey(key, false)))
    expect(await recoverAddress({ hash: bytesToHex(hash), signature: bytesToHex(ours) })).toBe(
      signer,
    )
  }
})
