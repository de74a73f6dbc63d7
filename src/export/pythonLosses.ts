/**
 * The lab's losses in Python, assembled from what each loss file declares (LossInfo.python): the training package's
 * losses.py (the shared core, python/losses.py, then every loss's PyTorch block and the table LOSSES) and, for the
 * pytorch-metric-learning (PML) script, the run's loss block and the mapping table. Nothing here names a loss.
 *
 * Distances in the PML script: `euclidean` → `LpDistance(normalize_embeddings=L2, p=2, power=1)`,
 * `squaredEuclidean` → `power=2`, `cosine` → `CosineSimilarity()`. PML treats a similarity as inverted and hinges on
 * `s_an − s_ap + m`; with the lab's `d = 1 − s` that is `d_ap − d_an + m`, so the margin keeps its value.
 */
import { LOSSES, LOSS_IDS, type LossId } from '../metric/catalog';
import type { RunConfig } from '../train/runConfig';
import lossesCore from './python/losses.py?raw';

export interface PmlMapping {
  pml: string;
  match: 'exact' | 'close' | 'approximate';
  note: string;
}

/** How a loss maps onto PML, as its file declares it. */
export function pmlMapping(id: LossId): PmlMapping {
  const { pmlSummary, pmlMatch, pmlNote } = LOSSES[id].python;
  return { pml: pmlSummary, match: pmlMatch, note: pmlNote };
}

type Options = Record<string, unknown>;

/** An option value as a Python literal. */
export const pyLiteral = (v: unknown): string =>
  typeof v === 'boolean' ? (v ? 'True' : 'False') : typeof v === 'number' ? String(v) : `'${String(v)}'`;

/** `{{name}}` → the option's value as a Python literal; a name the options lack is an error, not a silent hole. */
export function fillOptions(code: string, options: Options, id: string): string {
  return code.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in options)) throw new Error(`The Python block of ${id} names the option ${name}, which it does not declare`);
    return pyLiteral(options[name]);
  });
}

/** The training package's losses.py: the core, every loss's PyTorch, the table and the entry point train.py calls. */
export function trainingLossesPy(): string {
  const blocks = LOSS_IDS.map((id) => `# ${id}: ${LOSSES[id].label} (${LOSSES[id].source})\n${LOSSES[id].python.torch}`);
  const table = LOSS_IDS.map((id) => `    ${JSON.stringify(id)}: ${LOSSES[id].python.fn},`);
  const fixed = LOSS_IDS.flatMap((id) => (LOSSES[id].fixedDistance ? [`    ${JSON.stringify(id)}: ${JSON.stringify(LOSSES[id].fixedDistance)},`] : []));
  return `${lossesCore.trimEnd()}


${blocks.join('\n\n\n')}


LOSSES = {
${table.join('\n')}
}

# Losses that only make sense with one distance measure with it, whatever the run's distance.
FIXED_DISTANCE = {
${fixed.join('\n')}
}


def loss_function(name):
    if name not in LOSSES:
        raise SystemExit(
            f"The loss {name!r} is not in this package: it carries {', '.join(sorted(LOSSES))}. "
            "Export the run again from a lab that has it."
        )
    return LOSSES[name]


def loss_and_distance(trainer, embeddings, labels, margin, context):
    """The run's loss on a (global) batch and the [B, B] distances it measured with (the census's), as the lab's
    runLoss computes them. context: "step", and "triplets", "logits", "class_indices" for the losses that take them."""
    fn = loss_function(trainer["loss"])
    distance = FIXED_DISTANCE.get(trainer["loss"], trainer["distance"])
    d = pairwise_distance(embeddings, distance, trainer["model"]["normalize"])
    return fn(d, labels, margin, trainer["lossOptions"], dict(context, embeddings=embeddings, labels=labels)), d
`;
}

/** The lab's own PyTorch of a loss (with the core it uses), for a PML block that calls it. */
function labTorch(id: LossId): string {
  return `# The lab's own PyTorch of ${id} (and the helpers it uses).\n${lossesCore.trimEnd()}\n\n\n${LOSSES[id].python.torch}\n`;
}

/**
 * The PML script's loss section for `id` with `options` over its defaults: a wrapped part's block first, then the
 * loss's own; the lab's PyTorch is included where a block calls it. Defines `compute_loss(embeddings, labels, step,
 * head)`.
 */
export function lossSection(id: LossId, options: Options): string {
  const entry = LOSSES[id];
  const merged: Options = { ...entry.defaults, ...options };
  const partOption = entry.python.pmlPartOption;
  const ids: LossId[] = partOption ? [String(merged[partOption]) as LossId, id] : [id];
  const parts = ids.map((part) => {
    const block = fillOptions(LOSSES[part].python.pml, part === id ? merged : { ...LOSSES[part].defaults }, part);
    return block.includes(`${LOSSES[part].python.fn}(`) ? `${labTorch(part)}\n\n${block}` : block;
  });
  const defined = parts.some((p) => p.includes('def compute_loss('));
  return `${parts.join('\n\n\n')}${defined ? '' : '\n\n\ndef compute_loss(embeddings, labels, step, head):\n    return triplet_term(embeddings, labels, step)'}`;
}

/** The distance object of the script for the config (a loss with a fixed distance measures with it). */
export function distanceLine(config: RunConfig, fixed?: string): string {
  const distance = fixed ?? config.trainer.distance;
  const l2 = config.trainer.model.normalize ? 'True' : 'False';
  switch (distance) {
    case 'cosine':
      return "# A similarity: PML hinges on s_an - s_ap + m, which is the lab's d_ap - d_an + m with d = 1 - s.\ndistance = distances.CosineSimilarity()";
    case 'squaredEuclidean':
      return `distance = distances.LpDistance(normalize_embeddings=${l2}, p=2, power=2)`;
    default:
      return `distance = distances.LpDistance(normalize_embeddings=${l2}, p=2, power=1)`;
  }
}
