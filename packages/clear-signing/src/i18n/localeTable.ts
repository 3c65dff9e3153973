/**
 * The one lookup every string table of the descriptions goes through (the shared table in
 * messages.ts, and the Bitcoin and TON tables kept beside their decoders): the text of a key in a
 * locale, each `{name}` replaced by its value; a name without a value is left as written.
 */
import type { Locale } from '../types.ts'

/** One string in every locale the descriptions are written in. */
export type LocaleEntry = { readonly en: string; readonly 'zh-CN': string }

export type Placeholders = Readonly<Record<string, string | number>>

/** The lookup of `table`: `(locale, key, values)` → the text with its placeholders filled. */
export function localeTable<K extends string>(
  table: Readonly<Record<K, LocaleEntry>>,
): (locale: Locale, key: K, values?: Placeholders) => string {
  return (locale, key, values = {}) =>
    table[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name]
      return value === undefined ? whole : String(value)
    })
}
