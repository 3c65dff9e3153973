/**
 * Which ERC-7730 descriptor and format apply to a request, and the description it gives. A
 * contract format applies when the transaction's chain and target are among
 * `context.contract.deployments` and the calldata selector is a format key; an EIP-712 format when
 * the message domain matches `context.eip712.domain` and `deployments` and the primary type's
 * `encodeType` is a format key. In `required` mode (describeWithDescriptor) a descriptor that does
 * not match is refused with DescriptorMismatch naming why; otherwise it is skipped.
 */
import { decodeAbiParameters } from 'viem'
import { ClearSigningError } from '../ClearSigningError.ts'
import { type DecodeContext, t } from '../context.ts'
import type { Call, CallDescription } from '../evm/call.ts'
import { addressValue, displayAddress, field } from '../format/fields.ts'
import type { NormalizedTypedData } from '../typedData/normalizeTypedData.ts'
import type { Description } from '../types.ts'
import type { Erc7730Descriptor } from './loadDescriptor.ts'
import { renderFormat } from './renderDescriptor.ts'

function mismatch(why: string): ClearSigningError {
  return new ClearSigningError(
    'DescriptorMismatch',
    `The ERC-7730 descriptor does not match the request: ${why}.`,
  )
}

export function describeCallByDescriptor(
  context: DecodeContext,
  call: Call,
  descriptors: readonly Erc7730Descriptor[],
  required: boolean,
): CallDescription | undefined {
  const chain = /^eip155:(\d+)$/.exec(call.chainId)
  const chainNumber = chain === null ? undefined : Number(chain[1])
  const to = call.to?.toLowerCase()
  const selector = call.data.slice(0, 10).toLowerCase()
  for (const descriptor of descriptors) {
    if (descriptor.binding !== 'contract') {
      if (required) throw mismatch('it describes EIP-712 messages, not contract calls')
      continue
    }
    const deployed = descriptor.deployments.some(
      (d) => d.chainId === chainNumber && d.address.toLowerCase() === to,
    )
    if (!deployed) {
      if (required)
        throw mismatch(
          `it lists no deployment at ${call.to ?? 'a contract creation'} on ${call.chainId}`,
        )
      continue
    }
    const format = descriptor.formats.find((f) => f.selector === selector)
    if (format?.abi === undefined) {
      if (required) throw mismatch(`it has no format for the selector ${selector}`)
      continue
    }
    let values: readonly unknown[]
    try {
      values = decodeAbiParameters(format.abi.inputs, `0x${call.data.slice(10)}`)
    } catch (cause) {
      if (required)
        throw new ClearSigningError(
          'DescriptorMismatch',
          "The calldata does not decode as the descriptor's function.",
          { cause },
        )
      continue
    }
    const data: Record<string, unknown> = {}
    format.abi.inputs.forEach((input, i) => {
      data[input.name ?? `${i}`] = values[i]
    })
    const container = { from: call.from, to: call.to, value: call.value, chainId: chainNumber }
    const rendered = renderFormat(
      context,
      call.chainId,
      { data, container, descriptor: descriptor.json },
      format,
    )
    const target = call.address(call.to as string)
    const contractName = context.addressName(call.chainId, target) ?? descriptor.owner
    return {
      kind: `${call.family}.erc7730`,
      intent:
        rendered.intent ??
        t(context, 'intent.call', {
          fn: format.abi.name,
          contract: contractName ?? displayAddress(context, call.chainId, target),
        }),
      fields: [
        field(
          t(context, 'label.contract'),
          contractName === undefined
            ? addressValue(context, call.chainId, target)
            : { kind: 'address', address: target, name: contractName, chainId: call.chainId },
        ),
        ...rendered.fields,
      ],
      warnings: rendered.warnings,
      blind: false,
    }
  }
  if (required) throw mismatch('no descriptor was given')
  return undefined
}

/** EIP-712 `encodeType` of `primary`: it, then the structs it references, sorted by name. */
export function encodeType(types: NormalizedTypedData['types'], primary: string): string {
  const found = new Set<string>()
  const visit = (name: string) => {
    if (found.has(name) || types[name] === undefined) return
    found.add(name)
    for (const f of types[name] ?? [])
      visit(f.type.replace(/\[\d*\]$/g, '').replace(/\[\d*\]/g, ''))
  }
  visit(primary)
  found.delete(primary)
  return [primary, ...[...found].sort()]
    .map((name) => `${name}(${(types[name] ?? []).map((f) => `${f.type} ${f.name}`).join(',')})`)
    .join('')
}

export function describeTypedDataByDescriptor(
  context: DecodeContext,
  chainId: string,
  data: NormalizedTypedData,
  signer: string | undefined,
  descriptors: readonly Erc7730Descriptor[],
  required: boolean,
): Pick<Description, 'kind' | 'intent' | 'fields' | 'warnings'> | undefined {
  const key = encodeType(data.types, data.primaryType)
  const domain = data.domain
  const contract =
    typeof domain.verifyingContract === 'string'
      ? domain.verifyingContract.toLowerCase()
      : undefined
  const domainChain = typeof domain.chainId === 'bigint' ? Number(domain.chainId) : undefined
  for (const descriptor of descriptors) {
    if (descriptor.binding !== 'eip712') {
      if (required) throw mismatch('it describes contract calls, not EIP-712 messages')
      continue
    }
    const domainOk = Object.entries(descriptor.domain).every(
      ([k, v]) =>
        domain[k] !== undefined && String(domain[k]).toLowerCase() === String(v).toLowerCase(),
    )
    const deployedOk =
      descriptor.deployments.length === 0 ||
      descriptor.deployments.some(
        (d) => d.chainId === domainChain && d.address.toLowerCase() === contract,
      )
    if (!domainOk || !deployedOk) {
      if (required)
        throw mismatch(
          domainOk
            ? "the domain's chain and verifying contract are not among its deployments"
            : 'the message domain differs from its context',
        )
      continue
    }
    const format = descriptor.formats.find((f) => f.key === key)
    if (format === undefined) {
      if (required) throw mismatch(`it has no format for ${data.primaryType}`)
      continue
    }
    const container = {
      from: signer,
      to: domain.verifyingContract,
      chainId: domainChain,
      value: 0n,
    }
    const rendered = renderFormat(
      context,
      chainId,
      { data: data.message, container, descriptor: descriptor.json },
      format,
    )
    return {
      kind: `${chainId.startsWith('cfx:') ? 'cfx' : 'evm'}.erc7730`,
      intent: rendered.intent ?? t(context, 'intent.typedData', { type: data.primaryType }),
      fields: rendered.fields,
      warnings: rendered.warnings,
    }
  }
  if (required) throw mismatch('no descriptor was given')
  return undefined
}
