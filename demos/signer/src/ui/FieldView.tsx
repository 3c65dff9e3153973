/** One field of a Description, by kind: text, address (with its name), amount, date, hex, tree. */
import type { Field, FieldValue } from '../services/types.ts'

function Value({ value }: { value: FieldValue }) {
  switch (value.kind) {
    case 'text':
      return <span>{value.text}</span>
    case 'address':
      return (
        <span class="address-value">
          {value.name ? <strong>{value.name} </strong> : null}
          <code>{value.address}</code>
        </span>
      )
    case 'amount':
      return <strong class="amount">{value.formatted}</strong>
    case 'date':
      return <time dateTime={value.iso}>{new Date(value.unixSeconds * 1000).toLocaleString()}</time>
    case 'hex':
      return <code class="hex">{value.hex}</code>
    case 'tree':
      return <Fields fields={value.fields} />
  }
}

export function Fields({ fields }: { fields: readonly Field[] }) {
  return (
    <dl class="fields">
      {fields.map((field, i) => (
        <div key={`${i}-${field.label}`} class="field">
          <dt>{field.label}</dt>
          <dd>
            <Value value={field.value} />
          </dd>
        </div>
      ))}
    </dl>
  )
}
