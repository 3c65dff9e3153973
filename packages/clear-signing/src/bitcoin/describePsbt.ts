/**
 * `bitcoin_signPsbt`: a PSBT (BIP174, base64) the account at `address` (native SegWit P2WPKH) is
 * asked to sign, described as inputs (the account's and others'), outputs (change back to the
 * account told apart from recipients), fee and an estimated fee rate. Params:
 * `{ psbt: base64, address }` (or that object in a one-element array). Every input must carry its
 * `witnessUtxo`, or the fee could not be shown; a PSBT with no input of the account is refused.
 */
import { base64 } from '@scure/base'
import { ClearSigningError } from '../ClearSigningError.ts'
import { type DecodeContext, sortWarnings } from '../context.ts'
import { amountValue, field, formatAmount, shortAddress, text } from '../format/fields.ts'
import { asObject, asString, invalid } from '../params.ts'
import type { Description, Field, Warning } from '../types.ts'
import {
  type BitcoinNetwork,
  bitcoinNetwork,
  scriptToAddress,
  scriptType,
  segwitV0Script,
} from './address.ts'
import { toHex } from './bytes.ts'
import { btc } from './messages.ts'
import { PSBT_LIMITS, parsePsbt, type TxOut } from './psbt.ts'

/** Estimated virtual size of spending each script type (witness discounted), in vbytes. */
const INPUT_VBYTES: Readonly<Record<string, number>> = {
  p2wpkh: 68,
  p2tr: 57.5,
  p2pkh: 148,
  p2sh: 91,
  p2wsh: 105,
  unknown: 68,
}

const SATS_PER_BTC = 8

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function readParams(context: DecodeContext, params: unknown) {
  const network = bitcoinNetwork(context.chainId)
  if (network === undefined) {
    throw new ClearSigningError(
      'UnsupportedChain',
      `bitcoin_signPsbt on ${context.chainId} is not a Bitcoin chain.`,
    )
  }
  const object = asObject(
    Array.isArray(params) && params.length === 1 ? params[0] : params,
    'bitcoin_signPsbt params',
  )
  const encoded = asString(object.psbt, 'psbt')
  if (encoded.length > Math.ceil((PSBT_LIMITS.bytes * 4) / 3) + 4) {
    throw new ClearSigningError('TooLarge', `PSBT larger than ${PSBT_LIMITS.bytes} bytes.`)
  }
  let bytes: Uint8Array
  try {
    bytes = base64.decode(encoded)
  } catch {
    throw invalid('psbt must be base64')
  }
  const address = asString(object.address, 'address')
  const own = segwitV0Script(address, network)
  if (own === undefined || scriptType(own) !== 'p2wpkh') {
    throw invalid(`address must be a P2WPKH address of ${context.chainId}`)
  }
  return { network, bytes, address, own }
}

function outputAddress(out: TxOut, network: BitcoinNetwork): string {
  return scriptToAddress(out.script, network) ?? `script ${toHex(out.script)}`
}

export function describePsbt(context: DecodeContext, params: unknown): Description {
  const { network, bytes, own } = readParams(context, params)
  const psbt = parsePsbt(bytes)
  const { locale, chainId } = context
  const amount = (sats: bigint) => amountValue(context, sats, SATS_PER_BTC, 'BTC')
  const utxos = psbt.inputs.map((input, i) => {
    if (input.witnessUtxo === undefined)
      throw invalid(`input ${i} has no witnessUtxo (amount and script)`)
    return input.witnessUtxo
  })
  const owned = utxos.map((u) => equal(u.script, own))
  if (!owned.includes(true)) throw invalid('no input of the PSBT belongs to the account')
  const inTotal = utxos.reduce((n, u) => n + u.value, 0n)
  const outTotal = psbt.tx.outputs.reduce((n, o) => n + o.value, 0n)
  if (outTotal > inTotal)
    throw new ClearSigningError('MalformedPayload', 'The outputs spend more than the inputs hold.')
  const fee = inTotal - outTotal
  const change = psbt.tx.outputs.map((o) => equal(o.script, own))
  const recipients = psbt.tx.outputs.filter((_, i) => !change[i])
  const sent = recipients.reduce((n, o) => n + o.value, 0n)

  const vsize = Math.ceil(
    10.5 +
      utxos.reduce((n, u) => n + (INPUT_VBYTES[scriptType(u.script)] ?? 68), 0) +
      psbt.tx.outputs.reduce((n, o) => n + 9 + o.script.length, 0),
  )
  const rate = (Number(fee) / vsize).toFixed(1)

  const warnings: Warning[] = []
  const foreign = owned.filter((o) => !o).length
  if (foreign > 0)
    warnings.push({
      code: 'ForeignInputs',
      severity: 'caution',
      message: btc(locale, 'foreignInputs', { count: foreign }),
    })
  if (
    psbt.inputs.some(
      (input, i) => owned[i] && input.sighashType !== undefined && input.sighashType !== 1,
    )
  ) {
    warnings.push({
      code: 'SighashNotAll',
      severity: 'danger',
      message: btc(locale, 'anyoneCanPay'),
    })
  }
  if (sent > 0n && fee * 10n > sent) {
    const percent = Number((fee * 1000n) / sent) / 10
    warnings.push({
      code: 'HighFee',
      severity: fee * 2n > sent ? 'danger' : 'caution',
      message: btc(locale, 'highFee', { percent }),
    })
  }
  if (psbt.tx.outputs.some((o) => scriptType(o.script) === 'unknown')) {
    warnings.push({
      code: 'UnknownOutputScript',
      severity: 'caution',
      message: btc(locale, 'unknownOutput'),
    })
  }

  const inputFields: Field[] = psbt.tx.inputs.map((input, i) => {
    const utxo = utxos[i] as TxOut
    return field(`#${i} ${input.txid.slice(0, 8)}…:${input.vout}`, {
      kind: 'tree',
      fields: [
        field(
          owned[i] ? btc(locale, 'yours') : btc(locale, 'notYours'),
          text(outputAddress(utxo, network)),
        ),
        field('BTC', amount(utxo.value)),
      ],
    })
  })
  const outputFields: Field[] = psbt.tx.outputs.map((out, i) => {
    const known = scriptToAddress(out.script, network)
    const role = change[i]
      ? btc(locale, 'change')
      : known === undefined
        ? btc(locale, 'data')
        : btc(locale, 'recipient')
    return field(`#${i} ${role}`, {
      kind: 'tree',
      fields: [
        known === undefined
          ? field('Script', { kind: 'hex', hex: `0x${toHex(out.script)}` })
          : field('Address', { kind: 'address', address: known, chainId }),
        field('BTC', amount(out.value)),
      ],
    })
  })

  const first = recipients[0]
  const sentText = formatAmount(sent, SATS_PER_BTC, 'BTC')
  const intent =
    first === undefined
      ? btc(locale, 'intentSelf', { amount: formatAmount(outTotal, SATS_PER_BTC, 'BTC') })
      : btc(locale, 'intentSend', {
          amount: sentText,
          to:
            shortAddress(outputAddress(first, network)) +
            (recipients.length > 1 ? ` +${recipients.length - 1}` : ''),
        })
  return {
    kind: 'bitcoin.psbt',
    intent,
    chainId,
    fields: [
      field(btc(locale, 'inputs'), { kind: 'tree', fields: inputFields }),
      field(btc(locale, 'outputs'), { kind: 'tree', fields: outputFields }),
      field(btc(locale, 'fee'), amount(fee)),
      field(btc(locale, 'feeRate'), text(btc(locale, 'feeRateValue', { rate, vsize }))),
    ],
    warnings: sortWarnings(warnings),
    blind: false,
  }
}
