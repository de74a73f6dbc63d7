/**
 * The lint fence of eslint.config.js, fed one import of each kind through ESLint's Node API with the project's
 * config: upward static, dynamic and re-exported imports at depths 1–4 (the old `../x` / `../../x` patterns missed
 * the deeper ones), a type-only import, a package by import(), what no path rule can resolve (a computed import(), a
 * worker URL out of its folder), the test hook outside ui/main.tsx, and an import circle. Each must fail; the same
 * files importing downward must pass, so the fence is not just failing everything.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: import.meta.dirname });

/** The rule ids ESLint reports for `code` as if it were the file at `path` (the file need not exist). */
async function reported(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

const FENCE = 'import-x/no-restricted-paths';

describe('the layer fence of eslint.config.js', () => {
  it('catches an upward import three folders deep', async () => {
    const found = await reported(
      'src/model/pretrained/testing/probe.ts',
      "import { lab } from '../../../state/lab';\nexport const probe = lab;\n",
    );
    expect(found).toEqual([expect.stringMatching(`^${FENCE}: .*src/model may not import src/state`)]);
  });

  // src/model at depths 1–4 (src/model/probe.ts … src/model/a/b/c/probe.ts) reaching up to state/: each kind of import.
  const KINDS = {
    static: (up: string) => `import { createLab } from '${up}state/lab';\nexport const probe = createLab;\n`,
    dynamic: (up: string) => `export const probe = () => import('${up}state/lab');\n`,
    reExport: (up: string) => `export { createLab } from '${up}state/lab';\n`,
  };
  it.each(
    [1, 2, 3, 4].flatMap((depth) => Object.keys(KINDS).map((kind) => ({ depth, kind: kind as keyof typeof KINDS }))),
  )('catches an upward $kind import $depth folder(s) deep', async ({ depth, kind }) => {
    const folders = ['a', 'b', 'c'].slice(0, depth - 1);
    const path = ['src/model', ...folders, 'probe.ts'].join('/');
    const found = await reported(path, KINDS[kind]('../'.repeat(depth)));
    expect(found).toEqual([expect.stringMatching(`^${FENCE}: .*src/model may not import src/state`)]);
  });

  it('refuses what the fence cannot resolve: a computed import() and a worker URL out of its folder', async () => {
    expect(
      await reported('src/model/probe.ts', 'export const probe = (p: string) => import(`../state/${p}`);\n'),
    ).toEqual([expect.stringMatching(/^no-restricted-syntax: .*import\(\) takes a literal path/)]);
    const worker = (url: string) => `export const probe = () => new Worker(new URL('${url}', import.meta.url));\n`;
    expect(await reported('src/model/pretrained/probe.ts', worker('../../workers/trainWorker.ts'))).toEqual([
      expect.stringMatching(
        /^no-restricted-syntax: .*new URL\(…, import\.meta\.url\) lies in the loading module's folder/,
      ),
    ]);
    expect(
      await reported('src/ui/probe.ts', 'export const probe = (p: string) => new URL(p, import.meta.url);\n'),
    ).toEqual([expect.stringMatching(/^no-restricted-syntax: .*takes a literal path/)]);
    expect(await reported('src/workers/probe.ts', worker('./trainWorker.ts'))).toEqual([]);
  });

  it('catches an upward dynamic import()', async () => {
    const found = await reported('src/metric/probe.ts', "export const probe = () => import('../train/session');\n");
    expect(found).toEqual([expect.stringMatching(`^${FENCE}: .*src/metric may not import src/train`)]);
  });

  it('catches an upward re-export and an upward type-only import', async () => {
    expect(await reported('src/cluster/probe.ts', "export { createLab } from '../state/lab';\n")).toEqual([
      expect.stringMatching(`^${FENCE}: .*src/cluster may not import src/state`),
    ]);
    const typeOnly = "import type { LabState } from '../../state/store';\nexport type Probe = LabState;\n";
    expect(await reported('src/data/samplers/probe.ts', typeOnly)).toEqual([
      expect.stringMatching(`^${FENCE}: .*src/data may not import src/state`),
    ]);
  });

  it('catches a sibling the table forbids (model → data) and a package loaded with import()', async () => {
    expect(await reported('src/model/probe.ts', "export { alignEyes } from '../data/faceAlign';\n")).toEqual([
      expect.stringMatching(`^${FENCE}: .*src/model may not import src/data`),
    ]);
    expect(
      await reported('src/cluster/probe.ts', "export const probe = () => import('@tensorflow/tfjs-core');\n"),
    ).toEqual([expect.stringMatching(/^no-restricted-syntax: style\.md: .*no tfjs/)]);
  });

  it('lets only ui/main.tsx import the test hook', async () => {
    const code = "import { installTestHook } from '../testHook';\nexport const probe = installTestHook;\n";
    expect(await reported('src/ui/main.tsx', code)).toEqual([]);
    expect(await reported('src/ui/probe.tsx', code)).toEqual([
      expect.stringMatching(`^${FENCE}: .*only src/ui/main.tsx may import src/testHook`),
    ]);
    expect(await reported('src/ui/panels/probe.tsx', code.replace('../testHook', '../../testHook'))).toHaveLength(1);
  });

  it('passes the same kinds of import pointing down', async () => {
    expect(
      await reported(
        'src/state/probe.ts',
        "import { createRng } from '../common/rng';\nexport const probe = createRng;\n",
      ),
    ).toEqual([]);
    expect(await reported('src/train/probe.ts', "export const probe = () => import('../metric');\n")).toEqual([]);
    expect(await reported('src/ui/panels/evaluation/probe.ts', "export { lab } from '../../../state/lab';\n")).toEqual(
      [],
    );
  });
});

describe('the cycle check of eslint.config.js', () => {
  it('catches an import circle (state/config → state/store → state/config)', async () => {
    const code = "import { createStore } from './store';\nexport const probe = createStore;\n";
    expect(await reported('src/state/config.ts', code)).toEqual([expect.stringMatching(/^import-x\/no-cycle: /)]);
  });
});
