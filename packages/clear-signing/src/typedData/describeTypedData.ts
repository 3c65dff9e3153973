/**
 * Typed data (EIP-712 and Conflux's CIP-23) after validation: the domain's chain checked against
 * the session's (danger when they differ), then the caller's ERC-7730 descriptors, a permit decoder
 * (EIP-2612, DAI, Permit2), our shipped descriptors, or the generic tree of the primary type, always with the full domain.
 */
import { type DecodeContext, sortWarnings, t, warning } from '../context.ts'
import { shippedDescriptors } from '../descriptors/shippedDescriptors.ts'
import type { Erc7730Descriptor } from '../erc7730/loadDescriptor.ts'
import { describeTypedDataByDescriptor } from '../erc7730/matchDescriptor.ts'
import { chainLabel } from '../evm/chains.ts'
import { withBuiltInWarnings } from '../evm/describeCall.ts'
import { field, text } from '../format/fields.ts'
import type { Description, Warning } from '../types.ts'
import { describePermit } from './describePermit.ts'
import { describePermit2 } from './describePermit2.ts'
import type { NormalizedTypedData } from './normalizeTypedData.ts'
import { domainField, structFields, type TypedDataSource } from './typedDataFields.ts'

export function describeTypedData(
  context: DecodeContext,
  source: TypedDataSource,
  data: NormalizedTypedData,
): Description {
  const warnings: Warning[] = []
  let chainId = context.chainId
  if (typeof data.domain.chainId === 'bigint') {
    const domainChain = `${source.namespace}:${data.domain.chainId}`
    if (domainChain !== context.chainId) {
      chainId = domainChain
      warnings.push(
        warning(context, 'ChainMismatch', 'danger', 'warning.chainMismatch', {
          requested: chainLabel(domainChain),
          session: chainLabel(context.chainId),
        }),
      )
    }
  }
  const domain = domainField(context, source, chainId, data.domain)
  const byDescriptor = (list: readonly Erc7730Descriptor[], required: boolean) =>
    describeTypedDataByDescriptor(context, chainId, data, source.signer, list, required)
  // The caller's descriptors first, then the permit decoders, then our shipped descriptors.
  const permit =
    describePermit2(context, source, chainId, data) ??
    describePermit(context, source, chainId, data)
  const chosen = context.requireDescriptor
    ? byDescriptor(context.descriptors, true)
    : (byDescriptor(context.descriptors, false) ??
      permit ??
      byDescriptor(shippedDescriptors(), false))
  const described = chosen === undefined ? undefined : withBuiltInWarnings(chosen, permit)
  if (described !== undefined) {
    return {
      kind: described.kind,
      intent: described.intent,
      chainId,
      fields: [...described.fields, domain],
      warnings: sortWarnings([...warnings, ...described.warnings]),
      blind: false,
    }
  }
  const app =
    typeof data.domain.name === 'string' && data.domain.name !== '' ? data.domain.name : undefined
  return {
    kind: `${source.family}.typedData`,
    intent:
      app === undefined
        ? t(context, 'intent.typedData', { type: data.primaryType })
        : t(context, 'intent.typedDataFor', { type: data.primaryType, app }),
    chainId,
    fields: [
      field(t(context, 'label.primaryType'), text(data.primaryType)),
      field(t(context, 'label.message'), {
        kind: 'tree',
        fields: structFields(context, source, chainId, data.types, data.primaryType, data.message),
      }),
      domain,
    ],
    warnings: sortWarnings(warnings),
    blind: false,
  }
}
