/**
 * The workspace's structure rules, as pure checks over source text (used by structure.test.ts):
 * - a package never reaches into another package by relative path (`../../relay/src/...`); it
 *   imports the other package by name, and test helpers through its `./testing` export;
 * - no two packages export a class of the same name from their public entries;
 * - the servers (relay/, packages/cosigner) define no wire validator: those live in
 *   `@tessera/protocol` (see WIRE_VALIDATOR_RULE).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'

export interface WorkspacePackage {
  name: string
  /** Absolute directory. */
  dir: string
  /** Absolute source files of the public entries (`exports` minus `./testing*`), `source` condition. */
  entries: string[]
}

/** A relative import that leaves its package. */
export interface CrossImport {
  file: string
  specifier: string
  target: string
}

/** Every package of the workspace: packages/* and relay/. */
export function listPackages(root: string): WorkspacePackage[] {
  const dirs = [
    ...readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name)),
    join(root, 'relay'),
  ].filter((dir) => existsSync(join(dir, 'package.json')))
  return dirs.map((dir) => {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string
      exports?: Record<string, string | Record<string, string>>
    }
    const entries = Object.entries(manifest.exports ?? {})
      .filter(([key]) => !key.startsWith('./testing') && key !== './package.json')
      .map(([, target]) => (typeof target === 'string' ? target : target.source))
      .filter((target): target is string => target?.endsWith('.ts') === true)
      .map((target) => resolve(dir, target))
    return { name: manifest.name, dir, entries }
  })
}

/** TypeScript and JavaScript files under `dir`, without node_modules and dist. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return []
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx|mts|js|mjs)$/.test(name) ? [path] : []
  })
}

/** Module specifiers of static imports, re-exports, `import()` and `vi.mock()` in `code`. */
export function moduleSpecifiers(code: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.mock\(\s*)['"]([^'"]+)['"]/g
  return [...code.matchAll(pattern)].map((match) => match[1] ?? '')
}

/**
 * Relative imports in `files` (absolute path → text) that resolve into another package's
 * directory. `packageDirs` are the absolute package directories.
 */
export function crossPackageImports(
  files: ReadonlyMap<string, string>,
  packageDirs: readonly string[],
): CrossImport[] {
  const owner = (path: string) =>
    packageDirs.find((dir) => path === dir || path.startsWith(dir + sep))
  const found: CrossImport[] = []
  for (const [file, code] of files) {
    const home = owner(file)
    for (const specifier of moduleSpecifiers(code)) {
      if (!specifier.startsWith('.')) continue
      const target = resolve(dirname(file), specifier)
      const targetOwner = owner(target)
      if (targetOwner !== undefined && targetOwner !== home) {
        found.push({ file, specifier, target: relative(targetOwner, target) })
      }
    }
  }
  return found
}

const hasExport = (node: ts.Node) =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false)

const parse = (file: string, code = readFileSync(file, 'utf8')) =>
  ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true)

/** The file a relative specifier names (`./x.ts`, `./x.js` or `./x`), if it exists. */
function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier)
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]
  return candidates.find((path) => existsSync(path) && statSync(path).isFile())
}

/**
 * Classes a module exports, as exported name → `file#class` where the class is declared.
 * Follows relative re-exports (`export { A } from`, `export *`, import-then-export); re-exports
 * of other packages are skipped (that class is defined, and counted, there).
 */
export function exportedClasses(
  file: string,
  cache = new Map<string, Map<string, string>>(),
): Map<string, string> {
  const cached = cache.get(file)
  if (cached) return cached
  const classes = new Map<string, string>()
  cache.set(file, classes) // filled below; an import cycle sees what is known so far
  const source = parse(file)
  const local = new Map<string, string>()
  const imported = new Map<string, { module: string; name: string }>()
  for (const statement of source.statements) {
    if (ts.isClassDeclaration(statement) && statement.name) {
      local.set(statement.name.text, `${file}#${statement.name.text}`)
      if (hasExport(statement)) classes.set(statement.name.text, `${file}#${statement.name.text}`)
    }
    if (
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.importClause?.namedBindings &&
      ts.isNamedImports(statement.importClause.namedBindings)
    ) {
      for (const element of statement.importClause.namedBindings.elements) {
        imported.set(element.name.text, {
          module: statement.moduleSpecifier.text,
          name: (element.propertyName ?? element.name).text,
        })
      }
    }
  }
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly) continue
    const specifier =
      statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : undefined
    if (specifier !== undefined && !specifier.startsWith('.')) continue
    const target = specifier === undefined ? undefined : resolveModule(file, specifier)
    const clause = statement.exportClause
    if (clause === undefined) {
      if (target) for (const [name, at] of exportedClasses(target, cache)) classes.set(name, at)
      continue
    }
    if (!ts.isNamedExports(clause)) continue
    for (const element of clause.elements) {
      if (element.isTypeOnly) continue
      const original = (element.propertyName ?? element.name).text
      let at: string | undefined
      if (target) at = exportedClasses(target, cache).get(original)
      else if (local.has(original)) at = local.get(original)
      else {
        const from = imported.get(original)
        const module = from?.module.startsWith('.') ? resolveModule(file, from.module) : undefined
        if (from && module) at = exportedClasses(module, cache).get(from.name)
      }
      if (at !== undefined) classes.set(element.name.text, at)
    }
  }
  return classes
}

/** Exported class names that two or more packages define (name → `package: file#class` list). */
export function duplicateClassNames(
  packages: readonly WorkspacePackage[],
  root: string,
): Map<string, string[]> {
  const byName = new Map<string, Set<string>>()
  const cache = new Map<string, Map<string, string>>()
  for (const pkg of packages) {
    for (const entry of pkg.entries) {
      for (const [name, at] of exportedClasses(entry, cache)) {
        const definitions = byName.get(name) ?? new Set<string>()
        definitions.add(`${pkg.name}: ${relative(root, at)}`)
        byName.set(name, definitions)
      }
    }
  }
  return new Map(
    [...byName]
      .filter(([, definitions]) => new Set([...definitions].map((d) => d.split(':')[0])).size > 1)
      .map(([name, definitions]) => [name, [...definitions].sort()]),
  )
}

/**
 * The rule for wire validators outside `@tessera/protocol`. A wire validator is an exported
 * function (declaration, or a `const` bound to an arrow or function expression) that
 * (a) is named `parse*`, `validate*`, `check*`, `decode*`, `assert*` or `is*` and takes a first
 *     parameter typed `unknown` — it turns untrusted input into a typed value; or
 * (b) is named `parse*` or `decode*` and ends in `Frame`, `Wire`, `Envelope` or `Message` — it
 *     reads bytes or text off the wire, whatever its parameter type.
 * Test files and test helpers (`*.test.ts`, `test/`, `testing/`) are not checked.
 */
export const WIRE_VALIDATOR_RULE =
  'exported parse*/validate*/check*/decode*/assert*/is* taking `unknown`, or parse*/decode* ending in Frame/Wire/Envelope/Message'

const VALIDATOR_PREFIX = /^(parse|validate|check|decode|assert|is)[A-Z]/
const WIRE_READER = /^(parse|decode)\w*(Frame|Wire|Envelope|Message)$/

/** `name` of every wire validator `code` exports, by WIRE_VALIDATOR_RULE. */
export function wireValidators(file: string, code: string): string[] {
  const source = parse(file, code)
  const functions: { name: string; first: ts.ParameterDeclaration | undefined }[] = []
  for (const statement of source.statements) {
    if (!hasExport(statement)) continue
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      functions.push({ name: statement.name.text, first: statement.parameters[0] })
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer
        if (
          ts.isIdentifier(declaration.name) &&
          init &&
          (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
        ) {
          functions.push({ name: declaration.name.text, first: init.parameters[0] })
        }
      }
    }
  }
  return functions
    .filter(
      ({ name, first }) =>
        (VALIDATOR_PREFIX.test(name) && first?.type?.kind === ts.SyntaxKind.UnknownKeyword) ||
        WIRE_READER.test(name),
    )
    .map(({ name }) => name)
}

/** Whether `path` (relative, `/`-separated) is a test file or test helper. */
export const isTestPath = (path: string) =>
  /\.test\.[cm]?[jt]sx?$/.test(path) || /(^|\/)(test|testing)(\/|$)/.test(path)
