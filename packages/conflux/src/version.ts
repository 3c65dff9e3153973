/**
 * The package version, for messages that name the package. Kept as a literal so the bundle never
 * imports package.json; `version.test.ts` keeps the two equal. Must never read anything at run time.
 */
export const version = '0.1.0'
