/**
 * The registry of every hash tag (THRESHOLD.md: "Tags are versioned ASCII constants kept in one
 * registry file"). Add new tags here only; `tags.test.ts` checks that they are unique.
 */
export const TAGS = {
  sid: 'tessera/v1/sid',
  echo: 'tessera/v1/echo',
} as const

export type Tag = (typeof TAGS)[keyof typeof TAGS]
