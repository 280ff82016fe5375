/**
 * `npm run boundaries`: the import boundaries of .dependency-cruiser.cjs (dependency-cruiser over
 * the production code and the scripts), then the one layer rule that is not about imports — code
 * below the edge holds no route path of the console's pages. Exits non-zero when either finds
 * something, after printing everything both found.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const ROOT = process.cwd();
const ROOTS = ['app', 'components', 'lib', 'db', 'scripts', 'instrumentation.ts', 'proxy.ts'];

interface Rule {
  name: string;
  from: { path?: string | string[]; pathNot?: string | string[] };
}
const config = createRequire(import.meta.url)(path.join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: Rule[] };

function cruise(): boolean {
  console.log('dependency-cruiser (.dependency-cruiser.cjs)');
  const result = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'depcruise'),
    [...ROOTS, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  return result.status === 0;
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

/**
 * The first path segment of every page (app/**∕page.tsx; route groups, private and parallel
 * folders are not part of the URL), e.g. `orders`, `account`. API routes are left out: a path like
 * the notification URL is part of a protocol, not a place the domain sends people to.
 */
function pageSegments(): Set<string> {
  const segments = new Set<string>();
  const walk = (dir: string, first: string | null) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      if (entry.isDirectory()) {
        const name = entry.name;
        const inUrl = !/^[(_@]/.test(name);
        if (dir === 'app' && name === 'api') continue;
        walk(`${dir}/${name}`, first ?? (inUrl && !name.startsWith('[') ? name : null));
      } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name) && first) segments.add(first);
    }
  };
  walk('app', null);
  return segments;
}

function files(dir: string): string[] {
  if (!fs.existsSync(path.join(ROOT, dir))) return [];
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return rel === 'db/migrations' ? [] : files(rel);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/**
 * Route paths belong to the edge (pages, actions, page helpers): the domain says *what* happened
 * or is missing, and the edge decides where that sends the browser. The modules checked are the
 * ones `below-edge-no-request-apis` applies to — the same code may not redirect either.
 */
function routeLiterals(): boolean {
  const rule = config.forbidden.find((r) => r.name === 'below-edge-no-request-apis');
  if (!rule) throw new Error('.dependency-cruiser.cjs has no rule below-edge-no-request-apis');
  const inScope = list(rule.from.path).map((p) => new RegExp(p));
  const exempt = list(rule.from.pathNot).map((p) => new RegExp(p));
  const segments = [...pageSegments()];
  const route = new RegExp(`^/(${segments.join('|')})(?=[/?#]|$)`);
  const found: string[] = [];
  const checked = files('lib')
    .concat(files('db'))
    .filter((file) => inScope.some((re) => re.test(file)) && !exempt.some((re) => re.test(file)));
  for (const file of checked) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest);
    const visit = (node: ts.Node) => {
      const literal = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node);
      if (literal && route.test(node.text)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        found.push(`  error below-edge-no-route-paths: ${file}:${line} holds the page route '${node.text}'`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  console.log(`\nroute paths below the edge (pages: /${segments.sort().join(', /')})`);
  if (found.length === 0) {
    console.log(`✔ none in ${checked.length} modules`);
    return true;
  }
  console.log(`${found.join('\n')}\n\nx ${found.length} route path(s) below the edge.`);
  return false;
}

const cruised = cruise();
const routes = routeLiterals();
process.exit(cruised && routes ? 0 : 1);
