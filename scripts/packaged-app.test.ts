import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { parseAst } from 'rolldown/parseAst';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mainProcess } from '../vite.config';

// A lean packaged app (issue 14): electron-builder copies the production
// dependencies into the package next to dist/, so everything Vite bundles must
// be a devDependency, and the bundles may load at run time nothing that is not
// in the package.
//
// THE RULE, for whoever adds a package: a package the bundles import is
// bundled by Vite and goes in devDependencies. Only a module that cannot be
// bundled (a native addon) is a production dependency, and then it is added
// to RUNTIME_PACKAGES below, to `external` in vite.config.ts and, being
// native, it is unpacked by `asarUnpack: **/*.node`.

/** What the packaged app loads from node_modules at run time. Electron itself is the runtime, not a dependency. */
const RUNTIME_PACKAGES = ['better-sqlite3'];
const RUNTIME_SPECIFIERS = new Set(['electron', ...RUNTIME_PACKAGES]);
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

// Inside the repository so the bundles resolve node_modules as dist/ does.
const scratch = path.join(root, 'node_modules', '.cache', `omnio-packaged-app-${process.pid}`);

beforeAll(async () => {
  await build({ configFile: false, logLevel: 'warn', ...mainProcess(path.join(scratch, 'main')) });
  // The renderer, with the project's own config (mode production), into the scratch folder.
  await build({
    configFile: path.join(root, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir: path.join(scratch, 'renderer'), emptyOutDir: true },
  });
}, 300_000);

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function bundles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(c|m)?js$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

interface Load {
  file: string;
  specifier: string | null;
  how: 'import' | 'dynamic import' | 'require';
}

/** Every module a bundle loads: static and dynamic imports, and require() calls, found in its syntax tree. */
function loadsOf(file: string): Load[] {
  const code = fs.readFileSync(file, 'utf8');
  const rel = path.relative(scratch, file);
  const loads: Load[] = [];
  const literal = (node: AstNode | undefined) =>
    node?.type === 'Literal' && typeof node.value === 'string' ? node.value : null;
  const visit = (node: AstNode) => {
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
        if (node.source) loads.push({ file: rel, specifier: literal(node.source), how: 'import' });
        break;
      case 'ImportExpression':
        loads.push({ file: rel, specifier: literal(node.source), how: 'dynamic import' });
        break;
      case 'CallExpression':
        // Rolldown keeps bundled CommonJS code's calls to externals as `__require("x")`;
        // a require of a computed name is reported with a null specifier.
        if (node.callee?.type === 'Identifier' && ['require', '__require'].includes(node.callee.name ?? ''))
          loads.push({ file: rel, specifier: literal(node.arguments?.[0]), how: 'require' });
        break;
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const v of value) if (isNode(v)) visit(v);
      if (isNode(value)) visit(value);
    }
  };
  visit(parseAst(code, { lang: 'js', sourceType: file.endsWith('.cjs') ? 'script' : 'module' }) as unknown as AstNode);
  return loads;
}

interface AstNode {
  type: string;
  value?: unknown;
  name?: string;
  source?: AstNode;
  callee?: AstNode;
  arguments?: AstNode[];
}
const isNode = (v: unknown): v is AstNode =>
  typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';

function allowed(load: Load, dir: string): boolean {
  const s = load.specifier;
  if (s === null) return false;
  if (RUNTIME_SPECIFIERS.has(s) || builtins.has(s)) return true;
  // A chunk of the same build, next to the bundle.
  if (s.startsWith('./') || s.startsWith('../')) return fs.existsSync(path.resolve(dir, s));
  return false;
}

describe('the packaged app', () => {
  it('has only the modules it loads at run time as production dependencies', () => {
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual([...RUNTIME_PACKAGES].sort());
    // Electron is the runtime electron-builder packs; as a dependency it would be copied in twice.
    expect(pkg.devDependencies).toHaveProperty('electron');
    expect(pkg.devDependencies).toHaveProperty('electron-builder');
  });

  it('`npm ls --omit=dev` lists only those modules', () => {
    const ls = spawnSync('npm', ['ls', '--omit=dev', '--depth=0', '--json'], { cwd: root, encoding: 'utf8' });
    expect(ls.status, ls.stderr).toBe(0);
    const tree = JSON.parse(ls.stdout) as { dependencies?: Record<string, unknown> };
    expect(Object.keys(tree.dependencies ?? {}).sort()).toEqual([...RUNTIME_PACKAGES].sort());
  });

  it('builds bundles that load nothing but electron, the runtime packages and Node built-ins', () => {
    const mainDir = path.join(scratch, 'main');
    const files = bundles(mainDir).map((f) => path.relative(mainDir, f));
    expect(files).toEqual(expect.arrayContaining(['main.js', 'preload.cjs', 'sync-worker.js', 'db-writer.js']));
    const loads = bundles(mainDir).flatMap(loadsOf);
    const refused = loads.filter((l) => !allowed(l, mainDir));
    expect(refused).toEqual([]);
    // It did read the bundles: main.js loads Electron and SQLite.
    const fromMain = new Set(loads.filter((l) => l.file === path.join('main', 'main.js')).map((l) => l.specifier));
    expect(fromMain).toContain('electron');
    expect(fromMain).toContain('better-sqlite3');
  });

  it('builds a renderer that loads nothing outside its own files', () => {
    const rendererDir = path.join(scratch, 'renderer');
    const loads = bundles(rendererDir).flatMap(loadsOf);
    // react-router's framework-mode code (route modules from a server manifest) keeps `import(expr)` calls in
    // the bundle; the hash router never reaches them. Such an import can name only what the page's CSP allows,
    // which is the app's own files: that is checked below instead of refusing the computed import.
    const refused = loads.filter(
      (l) =>
        (l.specifier === null && l.how !== 'dynamic import') ||
        (l.specifier !== null &&
          (!(l.specifier.startsWith('./') || l.specifier.startsWith('../')) ||
            !fs.existsSync(path.resolve(rendererDir, 'assets', l.specifier)))),
    );
    expect(refused).toEqual([]);
    const html = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
    const scriptSrc = /script-src ([^;"]+)/.exec(html)?.[1]?.trim();
    expect(scriptSrc).toBe("'self'");
    expect(fs.existsSync(path.join(rendererDir, 'index.html'))).toBe(true);
  });
});
