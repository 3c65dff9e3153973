/**
 * Types of `citations.mjs` (plain JavaScript, run by Node without a build step), for the tests
 * that import it. Declarations only.
 */

export interface Heading {
  readonly text: string
  readonly anchor: string
}

/** The documents of `docs/`: file name → its headings. */
export type Docs = Map<string, Heading[]>

export interface Citation {
  readonly kind: 'cite' | 'link'
  /** Offset in the file's text. */
  readonly start: number
  readonly file?: string
  readonly target?: string
  readonly anchor?: string
  readonly prefixed?: boolean
  readonly shared?: boolean
  readonly section?: { readonly quote: string; readonly anchor: string | undefined }
  readonly fix?: { readonly end: number; readonly text: string }
}

export interface Problem {
  readonly file: string
  readonly line: number
  readonly text: string
  readonly problem: string
}

export const PASSAGES: Record<string, [start: string, anchor: string][]>
export function slugify(text: string): string
export function headings(markdown: string): Heading[]
export function loadDocs(repoRoot?: string): Docs
export function sectionMatch(
  docs: Docs,
  file: string,
  quote: string,
): { anchor: string; heading: boolean } | undefined
export function sectionAnchor(docs: Docs, file: string, quote: string): string | undefined
export function citationsIn(text: string, docs: Docs, base?: number): Citation[]
export function commentRanges(source: string, fileName: string): [start: number, end: number][]
export function citationsOfSource(source: string, fileName: string, docs: Docs): Citation[]
export function fixSource(source: string, fileName: string, docs: Docs): string
export function problemOf(
  citation: Citation,
  fileName: string,
  docs: Docs,
  repoRoot?: string,
): string | undefined
export function filesToScan(repoRoot?: string): string[]
export function literalCitations(source: string, fileName: string, docs: Docs): Citation[]
export function checkRepository(repoRoot?: string, options?: { strings?: boolean }): Problem[]
export function fixRepository(repoRoot?: string): string[]
