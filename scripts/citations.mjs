#!/usr/bin/env node
/**
 * Citations of the design documents, checked and normalised.
 *
 * A citation is a document name in a comment of a `.ts` / `.mjs` file (string literals are code
 * and never touched) or anywhere in a Markdown file, outside node_modules and dist. Written here
 * with <FILE> for an upper-case name such as the threshold or relay document:
 * - canonical: `docs/<FILE>.md#<anchor>` or `docs/<FILE>.md`; the target of a Markdown link
 *   is resolved relative to the file that holds it;
 * - older forms, which `--fix` rewrites into the canonical one: `<FILE>.md "Section"`,
 *   `<FILE>.md, "Section"`, `<FILE>.md: "a quoted sentence"`, `<FILE>.md#anchor`,
 *   `<FILE>.md §9` (also `item`, `pitfall`, `attack`, `step`), `../shared/docs/<FILE>.md` and a
 *   bare `<FILE>.md`. The upper-case names of `docs/` are rewritten; other names (a README) must
 *   exist in the repository, in the citing file's folder or one above it.
 *
 * `--check` (the default) prints each citation that does not resolve: the file must exist in
 * `docs/` (or be a repository path), and a named section must be a heading of that file, compared
 * by its GitHub anchor. Exit 1 when any is unresolved. `--strings` checks instead the string
 * literals of code that are a citation (an error's `docsPath`), which are never rewritten because
 * the program shows them. `--fix` rewrites in place and is
 * idempotent. Quoted sentences of the original brief that are not headings are mapped to the
 * section of `docs/` that describes the same thing by the `PASSAGES` table below.
 * Reads and writes only files of the repository; no network.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Folders scanned, relative to the repository root; the root's own Markdown files too. */
const SCAN = ['packages', 'relay', 'demos', 'e2e', 'scripts', 'docs']
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.tessera', 'coverage'])

/**
 * Passages of the brief quoted (or paraphrased after a colon) in comments, by the words they start
 * with (lower case, compared after collapsing white space), and the anchor of the section of
 * `docs/<file>` that describes the same thing.
 */
export const PASSAGES = {
  'ARCHITECTURE.md': [
    ['signer: worker + comlink', 'worker-and-comlink'],
    ['secrets never cross', 'worker-and-comlink'],
    ['validated on entry everywhere', 'one-wire-format'],
    ['provider + wagmi + core + noise', 'performance-budgets'],
  ],
  'THRESHOLD.md': [
    ['tags are versioned', 'hashing'],
    ['keep old and new shares', 'refresh'],
    ['check the constant commitment', 'refresh'],
    ['crash at any step', 'crash-recovery'],
    ['recovery never combines', 'recovery'],
    ['secrets stay in the worker', 'secrets-and-erasure'],
    ['tests inject a seeded rng', 'randomness'],
    ['the full private key never exists', 'threshold-keys'],
    ['exists, behind explicit confirmation', 'import-and-export'],
    ['import of an existing key', 'import-and-export'],
    ['import behind', 'import-and-export'],
    ['mark a presignature consumed', 'presignatures'],
    ['κ = 256', 'security-parameters'],
    ['f_i(j)', 'dkg'],
    ['attacks', 'attacks-the-tests-must-cover'],
    ['base ot', 'base-ot-and-ot-extension'],
    ['refresh', 'refresh'],
    ['pair ot states', 'refresh'],
    ['on switch, erase', 'refresh'],
    ['random vector ole', 'random-vector-ole'],
  ],
  'SESSION.md': [
    ['the uri expires', 'pairing-uri'],
    ['an expired or malformed uri', 'pairing-uri'],
    ['https://<signer host>/pair', 'pairing-uri'],
    ['5 minutes', 'json-rpc-inside-the-session'],
    ['default: 5 minutes', 'json-rpc-inside-the-session'],
    ['a request has a deadline', 'json-rpc-inside-the-session'],
    ['the dapp side rejects', 'json-rpc-inside-the-session'],
    ['the signer drops stale requests', 'json-rpc-inside-the-session'],
    ['every error a dapp', 'json-rpc-inside-the-session'],
    ['everything it needs to display', 'json-rpc-inside-the-session'],
    ['a session message carries at most', 'transport-envelope'],
    ['inside the relay', 'transport-envelope'],
    ['one session per', 'one-session-per-origin'],
    ['25519, chachapoly, blake2s', 'suite'],
    ['a second signer', 'handshake'],
  ],
  'RELAY.md': [
    ['the jwt `aud` is compared exactly', '6-exact-audience'],
    ['limits are per client', 'limits'],
    ['fatal for walletconnect', 'closing-codes'],
    ['at-least-once', 'semantics-the-relay-guarantees'],
    ['an empty attestation', 'methods'],
    ['`tag` is optional', 'methods'],
  ],
  'AUTH.md': [
    ['the double', 'test-doubles'],
    ['the test double is a local oidc issuer', 'test-doubles'],
    ['the co-signer single-flights', 'wechat-mini-program'],
    ['identity is', 'identities'],
    ['codes are single use', 'wechat-mini-program'],
    ['initdata is sent verbatim', 'telegram-mini-app'],
    ['secret = hmac_sha256', 'telegram-mini-app'],
    ['message = "<bot_id>', 'telegram-mini-app'],
    ['≤ 1 h for login', 'telegram-mini-app'],
    ['errcodes', 'wechat-mini-program'],
    ['numbers travel as strings', 'alipay-mini-program'],
    ['`wechat:<appid>:<id>`', 'identities'],
  ],
  'CHAINS.md': [
    ['legacy core tx', 'core-transactions'],
    ['cip-1559 tx', 'core-transactions'],
    ['a reload resumes', 'wagmi-connector'],
    ['the provider surface uses', 'evm'],
    ['never trust the signer', 'evm'],
    ['the dapp fills', 'evm'],
    ['it must', 'conflux-core-space'],
  ],
}

/** `<file> <keyword> <n>` where the section is not a numbered heading. */
const NUMBERED_SECTIONS = {
  'SESSION.md': { step: 'handshake' },
  'THRESHOLD.md': { step: 'dkls23-signing' },
  'AUTH.md': { '§': 'alipay-mini-program' },
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(text) {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\p{M}_\- ]/gu, '')
    .replace(/ /g, '-')
}

/** Every heading of a Markdown text: `{ text, anchor }`, duplicates suffixed `-1`, `-2`, … */
export function headings(markdown) {
  const out = []
  const seen = new Map()
  let fence = null
  for (const line of markdown.split('\n')) {
    const f = /^\s*(```+|~~~+)/.exec(line)
    if (f) {
      if (fence === null) fence = f[1]
      else if (f[1].startsWith(fence)) fence = null
      continue
    }
    if (fence !== null) continue
    const h = /^#{1,6}[ \t]+(.*?)[ \t#]*$/.exec(line)
    if (!h) continue
    const text = h[1]
    const base = slugify(text)
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    out.push({ text, anchor: count === 0 ? base : `${base}-${count}` })
  }
  return out
}

/** The documents of `docs/`: file name → its headings. */
export function loadDocs(repoRoot = root) {
  const dir = join(repoRoot, 'docs')
  const docs = new Map()
  if (!existsSync(dir)) return docs
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.md')) docs.set(name, headings(readFileSync(join(dir, name), 'utf8')))
  }
  return docs
}

const collapse = (text) =>
  text
    .replace(/\s*\n\s*(?:\*(?!\/)\s?|\/\/\s?)?/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/**
 * What a quoted section name or a passage of `file` stands for: `{ anchor, heading }`, where
 * `heading` tells a heading's own name from a passage found in `PASSAGES`; undefined if neither.
 */
export function sectionMatch(docs, file, quote) {
  const anchors = new Set((docs.get(file) ?? []).map((h) => h.anchor))
  const text = collapse(quote)
  const tail = text.includes(': ') ? text.slice(text.lastIndexOf(': ') + 2) : undefined
  for (const candidate of [text, tail]) {
    if (candidate !== undefined && anchors.has(slugify(candidate))) {
      return { anchor: slugify(candidate), heading: true }
    }
  }
  const lower = text.toLowerCase()
  for (const [start, anchor] of PASSAGES[file] ?? []) {
    if (lower.startsWith(start) && anchors.has(anchor)) return { anchor, heading: false }
  }
  return undefined
}

/** The anchor a quoted section name or a passage of `file` stands for, or undefined. */
export function sectionAnchor(docs, file, quote) {
  return sectionMatch(docs, file, quote)?.anchor
}

/** The anchor of numbered item `n` of `file` (a heading `n. …`, or a fixed section). */
function numberedAnchor(docs, file, keyword, n) {
  const fixed = NUMBERED_SECTIONS[file]?.[keyword.replace(/s$/, '')]
  if (fixed !== undefined) return fixed
  return (docs.get(file) ?? []).find((h) => h.text.startsWith(`${n}. `))?.anchor
}

const FILE_RE = /(?<![\w./-])((?:\.\.\/shared\/)?docs\/)?([A-Za-z][\w.-]*\.md)(#[\w-]*)?/g
const LINK_RE = /\]\(([^)\s#]*\.md)(#[^)\s]*)?\)/g
/** A line break inside a comment, with the next line's ` * ` or `// `. */
const BREAK = String.raw`(?:[ \t]*\n[ \t]*(?:\*(?!\/)|\/\/)?)?`
const QUOTE_RE = new RegExp(String.raw`^([,:]?)${BREAK}[ \t]*"`)
const NUMBER_RE = new RegExp(
  String.raw`^${BREAK}[ \t]+(§|items?|pitfalls?|attacks?|steps?)[ \t]*(\d+)((?:[ \t]*(?:,|and)[ \t]*\d+)*)`,
)
const PROSE_RE = new RegExp(String.raw`^:${BREAK}[ \t]+([^\n]{1,80})`)

/** The closing quote of a quotation that opens at `open`, within a few lines, or -1. */
function closingQuote(text, open) {
  const end = text.indexOf('"', open + 1)
  if (end === -1 || end - open > 400) return -1
  return end
}

/**
 * Every citation in `text` (a comment or a Markdown file) at offset `base`, each with what it
 * names and, for `--fix`, its canonical replacement (undefined when it is already canonical or
 * cannot be resolved).
 */
export function citationsIn(text, docs, base = 0) {
  const found = []
  const links = []
  for (const m of text.matchAll(LINK_RE)) {
    links.push([m.index, m.index + m[0].length])
    found.push({ kind: 'link', start: base + m.index, target: m[1], anchor: m[2]?.slice(1) })
  }
  const inLink = (i) => links.some(([a, b]) => i >= a && i < b)
  for (const m of text.matchAll(FILE_RE)) {
    if (inLink(m.index)) continue
    const [token, prefix = '', file, hash] = m
    if (prefix === '' && !/^[A-Z][A-Z0-9_-]*\.md$/.test(file)) continue
    const start = m.index
    const shared = prefix.startsWith('../')
    const cite = { kind: 'cite', start: base + start, file, prefixed: prefix !== '', shared }
    const known = docs.has(file)
    const canonical = (anchor) => `docs/${file}${anchor === undefined ? '' : `#${anchor}`}`
    const end = start + token.length
    if (hash !== undefined) {
      cite.anchor = hash.slice(1)
      if (known && (prefix !== 'docs/' || shared)) cite.fix = { end, text: canonical(cite.anchor) }
      found.push(cite)
      continue
    }
    const rest = text.slice(end)
    const quote = QUOTE_RE.exec(rest)
    const number = NUMBER_RE.exec(rest)
    const prose = PROSE_RE.exec(rest)
    if (quote) {
      const open = end + quote[0].length - 1
      const close = closingQuote(text, open)
      if (close === -1) {
        cite.section = { quote: text.slice(open + 1, open + 60) }
        found.push(cite)
        continue
      }
      const words = text.slice(open + 1, close)
      const match = sectionMatch(docs, file, words)
      const anchor = match?.anchor
      cite.section = { quote: collapse(words), anchor }
      if (anchor !== undefined) {
        const multiline = words.includes('\n')
        if (quote[1] === ':' || (multiline && !match.heading)) {
          // A sentence of the brief: keep the words, no longer as a quotation of our docs.
          cite.fix = {
            end: close + 1,
            text: `${canonical(anchor)}: ${words}`,
          }
        } else {
          let replacement = canonical(anchor)
          let stop = close + 1
          for (;;) {
            const more = /^,[ \t]*"([^"\n]*)"/.exec(text.slice(stop))
            const next = more ? sectionAnchor(docs, file, more[1]) : undefined
            if (!more || next === undefined) break
            if (next !== anchor) replacement += `, ${canonical(next)}`
            stop += more[0].length
          }
          cite.fix = { end: stop, text: replacement }
        }
      }
      found.push(cite)
      continue
    }
    if (number) {
      const numbers = [number[2], ...(number[3].match(/\d+/g) ?? [])]
      const anchors = numbers.map((n) => numberedAnchor(docs, file, number[1], n))
      cite.section = { quote: `${number[1]} ${numbers.join(', ')}`, anchor: anchors[0] }
      if (anchors.every((a) => a !== undefined)) {
        cite.fix = {
          end: end + number[0].length,
          text: [...new Set(anchors)].map(canonical).join(' and '),
        }
      } else cite.section.anchor = undefined
      found.push(cite)
      continue
    }
    const passage = prose ? sectionAnchor(docs, file, prose[1]) : undefined
    if (passage !== undefined) {
      cite.anchor = passage
      cite.fix = { end, text: canonical(passage) }
    } else if (known && (prefix !== 'docs/' || shared)) {
      cite.fix = { end, text: canonical(undefined) }
    }
    found.push(cite)
  }
  for (const c of found) {
    if (c.fix !== undefined) c.fix.end += base
  }
  return found.sort((a, b) => a.start - b.start)
}

/** The comment ranges `[start, end)` of a TypeScript or JavaScript source. */
export function commentRanges(source, fileName) {
  const kind = fileName.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, kind)
  const ranges = new Map()
  const add = (list) => {
    for (const r of list ?? []) ranges.set(r.pos, r.end)
  }
  const visit = (node) => {
    add(ts.getLeadingCommentRanges(source, node.pos))
    add(ts.getTrailingCommentRanges(source, node.end))
    for (const child of node.getChildren(file)) visit(child)
  }
  visit(file)
  add(ts.getLeadingCommentRanges(source, 0))
  return [...ranges].sort((a, b) => a[0] - b[0])
}

const LITERAL_RE = /^(?:docs\/[\w.-]+|[A-Z][A-Z0-9_-]*)\.md(?:#[\w-]+)?$/

/**
 * Citations held by string literals of code that are nothing but a citation, such as an error's
 * `docsPath: '<FILE>.md#anchor'`. They are values the program shows, so `--fix` never rewrites
 * them; `--strings` reports those that do not resolve.
 */
export function literalCitations(source, fileName, docs) {
  if (fileName.endsWith('.md') || !source.includes('.md')) return []
  const kind = fileName.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, kind)
  const found = []
  const visit = (node) => {
    if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      LITERAL_RE.test(node.text)
    ) {
      const start = node.getStart(file) + 1
      for (const c of citationsIn(node.text, docs, start)) found.push({ ...c, fix: undefined })
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return found
}

/** Every citation of one file's text. */
export function citationsOfSource(source, fileName, docs) {
  if (fileName.endsWith('.md')) return citationsIn(source, docs)
  // Parsing is the slow part: a file that names no `.md` file cites nothing.
  if (!source.includes('.md')) return []
  return commentRanges(source, fileName).flatMap(([start, end]) =>
    citationsIn(source.slice(start, end), docs, start),
  )
}

/**
 * `source` with every resolvable citation in its canonical form. In code, comment lines that a
 * rewrite made longer than the formatter's 100 columns are wrapped; in Markdown, a table cell
 * gives back the padding its citation grew by, so the columns stay aligned.
 */
export function fixSource(source, fileName, docs) {
  const fixes = citationsOfSource(source, fileName, docs).filter((c) => c.fix !== undefined)
  if (fixes.length === 0) return source
  const markdown = fileName.endsWith('.md')
  let out = ''
  let pos = 0
  const touched = new Set()
  for (const c of fixes) {
    if (c.start < pos) continue
    let end = c.fix.end
    out += source.slice(pos, c.start)
    const first = out.split('\n').length - 1
    // Newlines inside a dropped quotation are dropped with it; the wrap below re-flows the line.
    const text = c.fix.text
    out += text
    const grew = text.length - (end - c.start)
    const lineStart = source.lastIndexOf('\n', c.start) + 1
    if (markdown && grew > 0 && source[lineStart] === '|') {
      const pad = / +(?=\|)/y
      pad.lastIndex = end
      const spaces = pad.exec(source)
      if (spaces !== null && spaces[0].length > grew) end += grew
    }
    for (let line = first; line <= out.split('\n').length - 1; line++) touched.add(line)
    pos = end
  }
  out += source.slice(pos)
  return markdown ? out : wrapComments(out, touched)
}

const WIDTH = 100

/** The prefix a comment line continues with, and its text: JSDoc ` * ` or `// ` lines only. */
function commentLine(line) {
  const m = /^(\s*(?:\* |\/\/ ))( *)(.*)$/.exec(line)
  if (m === null || line.includes('*/')) return undefined
  const [, prefix, indent, text] = m
  if (/\S {2,}\S/.test(text) || text.startsWith('@') || text.length === 0) return undefined
  const item = /^(?:- |\d+\. )/.exec(text)
  return {
    prefix: prefix + indent,
    text,
    next: prefix + indent + (item === null ? '' : ' '.repeat(item[0].length)),
  }
}

/** Carries the words beyond column 100 of each touched comment line into its paragraph. */
function wrapComments(source, touched) {
  const lines = source.split('\n')
  const out = []
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]
    if (!touched.has(i) || line.length <= WIDTH) {
      out.push(line)
      continue
    }
    const single = /^(\s*)\/\*\* (.*) \*\/$/.exec(line)
    if (single !== null) {
      out.push(`${single[1]}/**`)
      line = `${single[1]} * ${single[2]}`
      lines.splice(i + 1, 0, `${single[1]} */`)
    }
    let current = commentLine(line)
    while (current !== undefined && line.length > WIDTH) {
      const cut = line.lastIndexOf(' ', WIDTH)
      if (cut <= current.prefix.length) break
      out.push(line.slice(0, cut).trimEnd())
      const carried = line.slice(cut + 1)
      const following = lines[i + 1]
      const continuation = following === undefined ? undefined : commentLine(following)
      if (
        continuation !== undefined &&
        continuation.prefix === current.next &&
        !/^(?:- |\d+\. )/.test(continuation.text)
      ) {
        i++
        line = `${current.next}${carried} ${continuation.text}`
      } else {
        line = `${current.next}${carried}`
      }
      current = { ...current, prefix: current.next }
    }
    out.push(line)
  }
  return out.join('\n')
}

/** Why a citation does not resolve, or undefined when it does. */
export function problemOf(citation, fileName, docs, repoRoot = root) {
  if (citation.kind === 'link') {
    const target = resolve(repoRoot, dirname(fileName), citation.target)
    if (!existsSync(target)) return `no file ${relative(repoRoot, target)}`
    const rel = relative(join(repoRoot, 'docs'), target)
    if (citation.anchor === undefined || rel.includes(sep) || rel.startsWith('..')) return
    const anchors = (docs.get(rel) ?? []).map((h) => h.anchor)
    return anchors.includes(citation.anchor)
      ? undefined
      : `no heading #${citation.anchor} in ${rel}`
  }
  const { file } = citation
  if (citation.shared) return `${file} is cited outside the repository (../shared/docs)`
  const inDocs = docs.has(file)
  if (!inDocs) {
    if (citation.prefixed) return `no file docs/${file}`
    if (!repositoryPath(file, fileName, repoRoot)) return `no file docs/${file} or ${file}`
    return
  }
  const anchors = (docs.get(file) ?? []).map((h) => h.anchor)
  if (citation.anchor !== undefined && !anchors.includes(citation.anchor)) {
    return `no heading #${citation.anchor} in docs/${file}`
  }
  if (citation.section !== undefined && citation.section.anchor === undefined) {
    return `"${citation.section.quote}" is not a heading of docs/${file}`
  }
}

/** A bare name such as README.md resolves in the citing file's folder or any folder above it. */
function repositoryPath(name, fileName, repoRoot) {
  let dir = resolve(repoRoot, dirname(fileName))
  for (;;) {
    if (existsSync(join(dir, name))) return true
    if (dir === repoRoot || !dir.startsWith(repoRoot)) return false
    dir = dirname(dir)
  }
}

/** The files scanned: `.ts`, `.mjs` and `.md`, relative to the repository root. */
export function filesToScan(repoRoot = root) {
  const out = readdirSync(repoRoot).filter((n) => n.endsWith('.md'))
  const walk = (rel) => {
    for (const entry of readdirSync(join(repoRoot, rel), { withFileTypes: true })) {
      const path = join(rel, entry.name)
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path)
      } else if (/\.(ts|mjs|md)$/.test(entry.name) && !entry.name.startsWith('.readme-example')) {
        out.push(path)
      }
    }
  }
  for (const dir of SCAN) {
    if (existsSync(join(repoRoot, dir)) && statSync(join(repoRoot, dir)).isDirectory()) walk(dir)
  }
  return out.sort()
}

const lineOf = (text, offset) => text.slice(0, offset).split('\n').length

/**
 * Every unresolved citation of the repository: `{ file, line, text, problem }`. With
 * `{ strings: true }`, the citations held by string literals instead ({@link literalCitations}).
 */
export function checkRepository(repoRoot = root, options = {}) {
  const docs = loadDocs(repoRoot)
  const problems = []
  const collect = options.strings === true ? literalCitations : citationsOfSource
  for (const file of filesToScan(repoRoot)) {
    const source = readFileSync(join(repoRoot, file), 'utf8')
    for (const c of collect(source, file, docs)) {
      const problem = problemOf(c, file, docs, repoRoot)
      if (problem === undefined) continue
      const line = lineOf(source, c.start)
      const text = source.slice(c.start).split('\n')[0].slice(0, 80)
      problems.push({ file, line, text, problem })
    }
  }
  return problems
}

/** Rewrites every file whose citations are not canonical; returns the files changed. */
export function fixRepository(repoRoot = root) {
  const docs = loadDocs(repoRoot)
  const changed = []
  for (const file of filesToScan(repoRoot)) {
    const path = join(repoRoot, file)
    const source = readFileSync(path, 'utf8')
    const fixed = fixSource(source, file, docs)
    if (fixed !== source) {
      writeFileSync(path, fixed)
      changed.push(file)
    }
  }
  return changed
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  if (args.includes('--fix')) {
    const changed = fixRepository()
    console.log(`citations: rewrote ${changed.length} file(s)`)
    for (const file of changed) console.log(`  ${file}`)
  }
  const strings = args.includes('--strings')
  const problems = checkRepository(root, { strings })
  for (const p of problems) console.log(`${p.file}:${p.line}: ${p.problem} (${p.text})`)
  console.log(`citations${strings ? ' in string literals' : ''}: ${problems.length} unresolved`)
  process.exitCode = problems.length === 0 ? 0 : 1
}
