import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOSS_IDS, type LossId } from '../metric';
import { DEFAULT_RUN_CONFIG, type RunConfig } from '../train/runConfig';
import { pythonScript, scriptName } from './pythonExport';
import { pmlMapping } from './pythonLosses';

const PYTHON = '/usr/bin/python3';
const withTrainer = (patch: Partial<RunConfig['trainer']>): RunConfig => ({
  ...DEFAULT_RUN_CONFIG,
  trainer: { ...DEFAULT_RUN_CONFIG.trainer, ...patch },
});

/** What each loss's script must contain: class names and parameters of the mapping table. */
const EXPECTED: Record<LossId, string[]> = {
  batchHard: [
    'miners.BatchHardMiner(distance=distance)',
    'losses.TripletMarginLoss(margin=margin_at(0), distance=distance, reducer=reducers.MeanReducer())',
  ],
  batchHardSoft: ['miners.BatchHardMiner(', 'TripletMarginLoss(margin=0.0, smooth_loss=True', 'reducers.MeanReducer()'],
  batchAll: ["triplets_per_anchor='all'", 'reducers.AvgNonZeroReducer()', 'miner = None'],
  semiHard: [
    "miners.TripletMarginMiner(margin=margin_at(0), type_of_triplets='semihard'",
    'miner.margin = margin_at(step)',
    'reducers.MeanReducer()',
  ],
  batchOhnm: ['def batch_ohnm(dist, labels, margin, options, context):', 'class Alea:', '{"excludeHardestFraction": 0, "seed": 1}'],
  lifted: [
    'losses.LiftedStructureLoss(neg_margin=margin_at(0), pos_margin=0, distance=distance)',
    'loss_func.neg_margin = margin_at(step)',
  ],
  quadruplet: ['MARGIN2_RATIO = 0.5', 'def quadruplet(dist, labels, margin, options, context):', 'triplet_hinge(ap, pair, m2)'],
  msml: ['def msml(dist, labels, margin, options, context):', 'return msml(lab_distance(embeddings), labels, margin_at(step)'],
  angularTriplet: [
    '"angularMargin": 2, "lambdaBase": 1000, "lambdaGamma": 0.12, "lambdaPower": 1, "lambdaMin": 3, "semiHard": False',
    'def angular_triplet(',
    'distance = distances.CosineSimilarity()',
  ],
  softmaxTriplet: [
    'F.cross_entropy(head(embeddings), labels)',
    'SOFTMAX_WEIGHT = 1',
    'nn.Linear(EMBEDDING_DIM, len(dataset.classes))',
    'miners.BatchHardMiner(',
  ],
  randomTriplets: ['triplets_per_anchor=1', 'reducers.AvgNonZeroReducer()'],
  offlineHard: ['miners.BatchHardMiner(', 'reducers.AvgNonZeroReducer()', 'every 50 steps'],
};

/**
 * The constructor keywords of each pytorch-metric-learning class the scripts use, hand-checked against PML 2.8.1's
 * source (an `__init__`'s own parameters plus those its `**kwargs` reach): losses/triplet_margin_loss.py,
 * lifted_structure_loss.py and base_metric_loss_function.py (reducer, distance, embedding_regularizer,
 * embedding_reg_weight, collect_stats); miners/batch_hard_miner.py → batch_easy_hard_miner.py → base_miner.py
 * (distance, collect_stats); miners/triplet_margin_miner.py; distances/base_distance.py (normalize_embeddings, p,
 * power; LpDistance asserts not inverted, CosineSimilarity fixes normalize_embeddings); reducers/ (collect_stats);
 * samplers/m_per_class_sampler.py. Torch is not installed here, so PML cannot be imported to ask it.
 */
const LOSS_BASE = ['reducer', 'distance', 'embedding_regularizer', 'embedding_reg_weight', 'collect_stats'];
const PML_API: Record<string, Record<string, readonly string[]>> = {
  losses: {
    TripletMarginLoss: ['margin', 'swap', 'smooth_loss', 'triplets_per_anchor', ...LOSS_BASE],
    LiftedStructureLoss: ['neg_margin', 'pos_margin', ...LOSS_BASE],
  },
  miners: {
    BatchHardMiner: ['allowed_pos_range', 'allowed_neg_range', 'distance', 'collect_stats'],
    TripletMarginMiner: ['margin', 'type_of_triplets', 'distance', 'collect_stats'],
  },
  reducers: { MeanReducer: ['collect_stats'], AvgNonZeroReducer: ['collect_stats'] },
  distances: { LpDistance: ['normalize_embeddings', 'p', 'power', 'collect_stats'], CosineSimilarity: ['p', 'power', 'collect_stats'] },
  samplers: { MPerClassSampler: ['labels', 'm', 'batch_size', 'length_before_new_iter'] },
};
/** Values PML accepts for the keywords that take a fixed set (triplet_margin_miner.py, triplet_margin_loss.py). */
const PML_VALUES: Record<string, (v: unknown) => boolean> = {
  type_of_triplets: (v) => ['all', 'hard', 'semihard', 'easy'].includes(v as string),
  triplets_per_anchor: (v) => v === 'all' || (Number.isInteger(v) && (v as number) > 0),
};

interface PmlCall {
  module: string;
  name: string;
  /** Keyword → its value when it is a literal (null otherwise). */
  keywords: Record<string, unknown>;
}

/** Every `losses.X(...)`, `miners.X(...)`, … call in a script, read by Python's own parser. */
function pmlCalls(source: string): PmlCall[] {
  const program = `import ast, json, sys
def value(node):
    try:
        return ast.literal_eval(node)
    except Exception:
        return None
calls = []
for node in ast.walk(ast.parse(sys.stdin.read())):
    f = getattr(node, 'func', None)
    if isinstance(node, ast.Call) and isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in ${JSON.stringify(Object.keys(PML_API))}:
        calls.append({'module': f.value.id, 'name': f.attr, 'keywords': {k.arg: value(k.value) for k in node.keywords if k.arg}})
print(json.dumps(calls))`;
  const out = spawnSync(PYTHON, ['-c', program], { input: source, encoding: 'utf8' });
  expect(out.stderr).toBe('');
  return JSON.parse(out.stdout) as PmlCall[];
}

/** What PML 2.8.1 would reject in these calls: an unknown class, keyword or keyword value (empty: nothing). */
function pmlProblems(calls: PmlCall[]): string[] {
  return calls.flatMap(({ module, name, keywords }) => {
    const accepted = PML_API[module]?.[name];
    if (!accepted) return [`${module}.${name} is not in PML`];
    return Object.entries(keywords).flatMap(([keyword, value]) =>
      !accepted.includes(keyword)
        ? [`${module}.${name} has no keyword ${keyword}`]
        : value !== null && PML_VALUES[keyword] && !PML_VALUES[keyword](value)
          ? [`${module}.${name}: ${keyword}=${JSON.stringify(value)}`]
          : [],
    );
  });
}

function parsePython(source: string): { ok: boolean; error: string } {
  const out = spawnSync(PYTHON, ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], {
    input: source,
    encoding: 'utf8',
  });
  return { ok: out.status === 0, error: out.stderr };
}

describe('pythonExport', () => {
  it('names the PML pieces and parameters of every loss', () => {
    for (const loss of LOSS_IDS) {
      const script = pythonScript(withTrainer({ loss }));
      for (const needle of EXPECTED[loss]) expect(script, `${loss}: ${needle}`).toContain(needle);
      expect(script).toContain(`(this run: ${loss})`);
    }
  });

  it.skipIf(!existsSync(PYTHON))("calls only PML classes and keywords that PML 2.8.1 has, for every loss and option", () => {
    const configs: RunConfig[] = [
      ...LOSS_IDS.map((loss) => withTrainer({ loss })),
      withTrainer({ loss: 'batchAll', lossOptions: { reduction: 'mean' } }),
      withTrainer({ loss: 'softmaxTriplet', lossOptions: { triplet: 'batchAll', weight: 2 } }),
      withTrainer({ loss: 'semiHard', lossOptions: { fallback: 'farthestNegative' }, distance: 'cosine' }),
      withTrainer({ loss: 'batchHard', distance: 'squaredEuclidean', sampler: 'random' }),
    ];
    const seen = new Set<string>();
    for (const config of configs) {
      const calls = pmlCalls(pythonScript(config));
      expect(pmlProblems(calls), config.trainer.loss).toEqual([]);
      for (const call of calls) seen.add(`${call.module}.${call.name}`);
    }
    // Every class of the table above is used by some script, so the check covers the scripts' whole PML surface.
    expect([...seen].sort()).toEqual(Object.entries(PML_API).flatMap(([m, classes]) => Object.keys(classes).map((c) => `${m}.${c}`)).sort());
    // The check rejects what PML would: a misspelt keyword, a triplet type PML does not know, a class it lacks.
    const wrong = "miners.TripletMarginMiner(margin=0.2, type_of_triplet='semihard')\nminers.TripletMarginMiner(type_of_triplets='semi-hard')\nlosses.BatchHardTripletLoss(margin=0.2)";
    expect(pmlProblems(pmlCalls(wrong))).toEqual([
      'miners.TripletMarginMiner has no keyword type_of_triplet',
      'miners.TripletMarginMiner: type_of_triplets="semi-hard"',
      'losses.BatchHardTripletLoss is not in PML',
    ]);
  });

  it('names in the mapping table only PML classes and keywords that PML 2.8.1 has', () => {
    const classes = new Map(Object.values(PML_API).flatMap((m) => Object.entries(m)));
    for (const loss of LOSS_IDS) {
      const { pml } = pmlMapping(loss);
      // Each CamelCase PML name the table gives (TripletMarginLoss, BatchHardMiner, MeanReducer, …), with its keywords.
      for (const [, name, args] of pml.matchAll(/\b([A-Z][A-Za-z]+(?:Loss|Miner|Reducer))\b(?:\(([^)]*)\))?/g)) {
        expect(classes.has(name!), `${loss}: ${name} in "${pml}"`).toBe(true);
        for (const [, keyword] of (args ?? '').matchAll(/(\w+)\s*=/g)) expect(classes.get(name!), `${loss}: ${name}(${keyword})`).toContain(keyword);
      }
    }
    // Hand-checked rows: the table says what the lab's batch hard, soft margin and lifted losses are in PML terms.
    expect(pmlMapping('batchHard').pml).toBe('TripletMarginLoss + BatchHardMiner, MeanReducer');
    expect(pmlMapping('batchHardSoft').pml).toMatch(/^TripletMarginLoss\(smooth_loss=True, margin=0\) \+ BatchHardMiner/);
    expect(pmlMapping('lifted').pml).toBe('LiftedStructureLoss(neg_margin=m, pos_margin=0)');
  });

  it('carries the sampler, P, K, seed, optimizer, learning rate, network and margin schedule', () => {
    const script = pythonScript(
      withTrainer({
        seed: 7,
        P: 6,
        K: 3,
        optimizer: 'sgdMomentum',
        learningRate: 0.05,
        distance: 'squaredEuclidean',
        margin: { kind: 'linear', from: 0.1, to: 0.4, steps: 500 },
        model: {
          ...DEFAULT_RUN_CONFIG.trainer.model,
          embeddingDim: 128,
          normalize: false,
          batchNorm: false,
          preset: 'standard',
        },
      }),
      { link: 'http://localhost:4173/#seed=7' },
    );
    expect(script).toContain('SEED = 7\n');
    expect(script).toContain('P, K = 6, 3 ');
    expect(script).toContain('samplers.MPerClassSampler(dataset.targets, m=K, batch_size=P * K');
    expect(script).toContain('torch.optim.SGD(params, lr=LEARNING_RATE, momentum=0.9, weight_decay=WEIGHT_DECAY)');
    expect(script).toContain('scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_factor)');
    expect(script).toContain('LEARNING_RATE = 0.05\n');
    expect(script).toContain('distances.LpDistance(normalize_embeddings=False, p=2, power=2)');
    expect(script).toContain('EMBEDDING_DIM = 128\n');
    expect(script).toContain('BATCH_NORM = False\n');
    expect(script).toContain('STAGES = [(64, 2, 2), (128, 2, 2), (256, 2, 2)]');
    expect(script).toContain('return 0.4 if step >= 500 else 0.1 + (0.4 - 0.1) * step / 500');
    expect(script).toContain('http://localhost:4173/#seed=7');
    expect(pythonScript(withTrainer({ sampler: 'random' }))).toContain('shuffle=True');
    expect(pythonScript(withTrainer({ distance: 'cosine' }))).toContain('distance = distances.CosineSimilarity()');
    expect(scriptName(withTrainer({ loss: 'batchAll', seed: 3 }))).toBe('triplet_lab_batchAll_seed3.py');
  });

  it('passes the loss options through', () => {
    expect(pythonScript(withTrainer({ loss: 'batchAll', lossOptions: { reduction: 'mean' } }))).toContain(
      "triplets_per_anchor='all', distance=distance, reducer=reducers.MeanReducer()",
    );
    expect(pythonScript(withTrainer({ loss: 'quadruplet', lossOptions: { margin2Ratio: 0.25 } }))).toContain(
      'MARGIN2_RATIO = 0.25',
    );
    const soft = pythonScript(withTrainer({ loss: 'softmaxTriplet', lossOptions: { triplet: 'batchAll', weight: 2 } }));
    expect(soft).toContain('SOFTMAX_WEIGHT = 2');
    expect(soft).toContain("triplets_per_anchor='all'");
  });

  it('says when the lab ran a pretrained backbone the script does not port', () => {
    const model = { ...DEFAULT_RUN_CONFIG.trainer.model, backbone: 'resnet34Frozen' as const };
    expect(pythonScript(withTrainer({ model }))).toContain('the lab ran the pretrained ResNet-34 (resnet34Frozen)');
    expect(pythonScript(DEFAULT_RUN_CONFIG)).not.toContain('pretrained ResNet-34');
  });

  it.skipIf(!existsSync(PYTHON))('is valid Python for every loss, sampler, distance and schedule', () => {
    const samplers = ['pk', 'facenet', 'random', 'subspace'] as const;
    const distances = ['euclidean', 'squaredEuclidean', 'cosine'] as const;
    const margins = [
      { kind: 'constant', margin: 0.3 },
      { kind: 'linear', from: 0, to: 1, steps: 10 },
      { kind: 'step', from: 0.1, to: 0.2, steps: 5 },
    ] as const;
    LOSS_IDS.forEach((loss, i) => {
      const config = withTrainer({
        loss,
        sampler: samplers[i % 4]!,
        distance: distances[i % 3]!,
        margin: margins[i % 3]!,
        optimizer: i % 2 ? 'adam' : 'sgdMomentum',
        lossOptions:
          loss === 'angularTriplet' ? { semiHard: true } : loss === 'semiHard' ? { fallback: 'farthestNegative' } : {},
      });
      const result = parsePython(pythonScript(config, { link: 'http://x/#a=1' }));
      expect(result.ok, `${loss}: ${result.error}`).toBe(true);
    });
    // The oracle rejects broken Python (so the check above can fail).
    expect(parsePython('def f(:\n  pass').ok).toBe(false);
  });
});
