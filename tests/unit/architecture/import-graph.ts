/**
 * The project's own import graph, read with the TypeScript parser: which modules a file imports at
 * run time (type-only imports are erased by the compiler and do not count), resolved through the
 * `@/` alias and relative paths. Packages are left out — only project files are followed.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
const EXTENSIONS = ['.ts', '.tsx'];
const SKIP = new Set(['node_modules', '.next', '.data', '.git', 'results']);

/** Project-relative paths (posix) of the .ts/.tsx files under the given folders. */
export function sourceFiles(...folders: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      if (SKIP.has(entry.name) || entry.name.startsWith('.next')) continue;
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  for (const folder of folders) if (fs.existsSync(path.join(ROOT, folder))) walk(folder);
  return out.sort();
}

export interface ParsedModule {
  /** The string directives at the top of the file ('use client', 'use server'). */
  directives: string[];
  /** Specifiers imported for their values (static, re-exported, dynamic), in source order. */
  imports: string[];
  /** Specifiers of the file's import declarations in order, side-effect imports included. */
  firstImport: string | undefined;
}

const parsed = new Map<string, ParsedModule>();

export function parseModule(file: string): ParsedModule {
  const cached = parsed.get(file);
  if (cached) return cached;
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const directives: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    directives.push(statement.expression.text);
  }
  const imports: string[] = [];
  let firstImport: string | undefined;
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      firstImport ??= node.moduleSpecifier.text;
      if (!isTypeOnlyImport(node)) imports.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      if (!node.isTypeOnly) imports.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      imports.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const result = { directives, imports, firstImport };
  parsed.set(file, result);
  return result;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import 'x'` runs x
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  if (!bindings || ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

/** The project file a specifier names, or undefined for a package (or a non-code file). */
export function resolveImport(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('@/')) base = specifier.slice(2);
  else if (specifier.startsWith('.')) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return undefined;
  const candidates = [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => `${base}/index${ext}`)];
  return candidates.find(
    (candidate) => EXTENSIONS.some((ext) => candidate.endsWith(ext)) && fs.existsSync(path.join(ROOT, candidate)),
  );
}

/**
 * Every project module that ends up in the browser bundle: the 'use client' files and what they
 * import, transitively. A 'use server' module reached from there is not followed — the bundler
 * replaces it with references to its actions, and its body stays on the server.
 */
export function clientReachable(): Set<string> {
  const files = sourceFiles('app', 'components', 'lib');
  const queue = files.filter((file) => parseModule(file).directives.includes('use client'));
  const seen = new Set(queue);
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const specifier of parseModule(file).imports) {
      const target = resolveImport(file, specifier);
      if (!target || seen.has(target)) continue;
      if (parseModule(target).directives.includes('use server')) continue;
      seen.add(target);
      queue.push(target);
    }
  }
  return seen;
}
