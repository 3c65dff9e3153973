/**
 * The kind of a bad value, for error messages (`null`, `array` or its `typeof`): names what was
 * given without echoing it. Must never print the value itself.
 */
export function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}
