import type { ErrorTreeLeaf, ErrorTreeModel, ErrorTreeNode, FeatureCondition } from '../../../protocol/diagnostics';
import type { FeatureBins } from './binning';
import { condition } from './conditions';
import { unused, wrong } from './errorFlags';

export interface ErrorTreeOptions {
  maxDepth: number;
  minLeafSize: number;
}

interface Split {
  feature: number;
  /** Per bin of the feature: 1 when its rows go left. */
  goesLeft: Uint8Array;
  left: FeatureCondition;
  right: FeatureCondition;
  gain: number;
  leftSize: number;
  leftErrors: number;
}

interface WorkNode {
  model: ErrorTreeNode;
  depth: number;
  split?: Split;
  children?: [number, number];
}

/** Gini impurity of a node with `errors` wrong rows out of `size`. */
function gini(errors: number, size: number): number {
  const p = errors / size;
  return 2 * p * (1 - p);
}

/**
 * A decision tree fitted to "the prediction is wrong" over binned features, grown level by level: each level is
 * one pass over the rows filling (node, feature, bin) histograms, then the best Gini split per node, numeric
 * features split at bin edges and categorical ones as one value against the rest.
 */
export function fitErrorTree(features: FeatureBins[], flags: Uint8Array, options: ErrorTreeOptions): ErrorTreeModel | null {
  const n = flags.length;
  const nodeOf = new Int32Array(n).fill(-1);
  let size = 0;
  let errors = 0;
  for (let i = 0; i < n; i++) {
    if (flags[i] === unused) continue;
    nodeOf[i] = 0;
    size++;
    if (flags[i] === wrong) errors++;
  }
  if (!size) return null;
  const share = (e: number) => (errors ? e / errors : 0);
  const makeNode = (conditions: FeatureCondition[], s: number, e: number): ErrorTreeNode => ({ conditions, size: s, errors: e, errorRate: e / s, shareOfErrors: share(e) });
  const nodes: WorkNode[] = [{ model: makeNode([], size, errors), depth: 0 }];
  for (let depth = 0; depth < options.maxDepth; depth++) {
    const frontier = nodes.map((node, index) => ({ node, index })).filter(({ node }) => node.depth === depth && node.model.size >= 2 * options.minLeafSize && node.model.errors > 0 && node.model.errors < node.model.size);
    if (!frontier.length) break;
    const histograms = fillHistograms(features, flags, nodeOf, nodes.length, frontier.map((f) => f.index));
    let grew = false;
    frontier.forEach(({ node }, slot) => {
      const split = bestSplit(features, histograms, slot, node.model, options.minLeafSize);
      if (!split) return;
      const left = makeNode([...node.model.conditions, split.left], split.leftSize, split.leftErrors);
      const right = makeNode([...node.model.conditions, split.right], node.model.size - split.leftSize, node.model.errors - split.leftErrors);
      node.split = split;
      node.children = [nodes.length, nodes.length + 1];
      node.model.left = left;
      node.model.right = right;
      nodes.push({ model: left, depth: depth + 1 }, { model: right, depth: depth + 1 });
      grew = true;
    });
    if (!grew) break;
    moveRowsToChildren(nodes, features, nodeOf);
  }
  const leaves: ErrorTreeLeaf[] = nodes
    .filter((node) => !node.children)
    .map(({ model }) => ({ path: model.conditions.map((c) => c.text), conditions: model.conditions, size: model.size, errors: model.errors, errorRate: model.errorRate, shareOfErrors: model.shareOfErrors }))
    .sort((a, b) => b.errorRate - a.errorRate || b.errors - a.errors);
  return { criterion: 'gini', maxDepth: options.maxDepth, minLeafSize: options.minLeafSize, errorRate: errors / size, root: nodes[0].model, leaves };
}

/** One pass sending each row of a node that was just split to its left or right child (rows of older splits already moved on). */
function moveRowsToChildren(nodes: WorkNode[], features: FeatureBins[], nodeOf: Int32Array): void {
  const featureOf = new Int32Array(nodes.length).fill(-1);
  const leftOf = new Int32Array(nodes.length);
  const rightOf = new Int32Array(nodes.length);
  const goesLeft: Uint8Array[] = [];
  nodes.forEach((node, index) => {
    if (!node.split || !node.children) return;
    featureOf[index] = node.split.feature;
    [leftOf[index], rightOf[index]] = node.children;
    goesLeft[index] = node.split.goesLeft;
  });
  const codes = features.map((f) => f.codes);
  for (let i = 0; i < nodeOf.length; i++) {
    const node = nodeOf[i];
    if (node < 0 || featureOf[node] < 0) continue;
    nodeOf[i] = goesLeft[node][codes[featureOf[node]][i]] ? leftOf[node] : rightOf[node];
  }
}

/** histograms[f][(slot * bins + bin) * 2] = rows, [+1] = errors, for the frontier nodes only; one tight loop per feature. */
function fillHistograms(features: FeatureBins[], flags: Uint8Array, nodeOf: Int32Array, nodeCount: number, frontier: number[]): Float64Array[] {
  const slotOfNode = new Int32Array(nodeCount).fill(-1);
  frontier.forEach((node, slot) => (slotOfNode[node] = slot));
  const n = flags.length;
  const slotOfRow = new Int32Array(n);
  for (let i = 0; i < n; i++) slotOfRow[i] = nodeOf[i] < 0 ? -1 : slotOfNode[nodeOf[i]];
  return features.map((fb) => {
    const bins = fb.bins.length;
    const codes = fb.codes;
    const histogram = new Float64Array(frontier.length * bins * 2);
    for (let i = 0; i < n; i++) {
      const slot = slotOfRow[i];
      if (slot < 0) continue;
      const at = (slot * bins + codes[i]) * 2;
      histogram[at]++;
      if (flags[i] === wrong) histogram[at + 1]++;
    }
    return histogram;
  });
}

function bestSplit(features: FeatureBins[], histograms: Float64Array[], slot: number, parent: ErrorTreeNode, minLeaf: number): Split | null {
  const parentImpurity = gini(parent.errors, parent.size);
  let best: Split | null = null;
  features.forEach((fb, f) => {
    const k = fb.bins.length;
    const rows = (b: number) => histograms[f][(slot * k + b) * 2];
    const errs = (b: number) => histograms[f][(slot * k + b) * 2 + 1];
    const nodeHasMissing = fb.missingBin >= 0 && rows(fb.missingBin) > 0;
    const consider = (goesLeft: Uint8Array, leftSize: number, leftErrors: number, conditions: () => [FeatureCondition, FeatureCondition]) => {
      const rightSize = parent.size - leftSize;
      if (leftSize < minLeaf || rightSize < minLeaf) return;
      const children = (leftSize * gini(leftErrors, leftSize) + rightSize * gini(parent.errors - leftErrors, rightSize)) / parent.size;
      const gain = parentImpurity - children;
      if (gain > 1e-12 && (!best || gain > best.gain)) {
        const [left, right] = conditions();
        best = { feature: f, goesLeft, left, right, gain, leftSize, leftErrors };
      }
    };
    if (fb.kind === 'numeric') {
      let leftSize = 0;
      let leftErrors = 0;
      for (let b = 0; b < fb.orderedCount - 1; b++) {
        leftSize += rows(b);
        leftErrors += errs(b);
        const goesLeft = new Uint8Array(k);
        goesLeft.fill(1, 0, b + 1);
        consider(goesLeft, leftSize, leftErrors, () => numericConditions(fb, b, nodeHasMissing));
      }
    } else {
      for (let b = 0; b < fb.categories.length; b++) {
        const goesLeft = new Uint8Array(k);
        goesLeft[b] = 1;
        consider(goesLeft, rows(b), errs(b), () => categoryConditions(fb, b, nodeHasMissing));
      }
    }
  });
  return best;
}

/** Left: the bins up to b; right: the bins above b and missing values. */
function numericConditions(fb: FeatureBins, b: number, orMissing: boolean): [FeatureCondition, FeatureCondition] {
  const feature = fb.feature;
  const missing = orMissing ? { orMissing: true } : {};
  if (fb.binning === 'values') return [condition({ feature, op: '<=', value: fb.values[b] }), condition({ feature, op: '>', value: fb.values[b], ...missing })];
  return [condition({ feature, op: '<', value: fb.edges[b] }), condition({ feature, op: '>=', value: fb.edges[b], ...missing })];
}

/** Left: one category (or all the "other" ones); right: the rest and missing values. */
function categoryConditions(fb: FeatureBins, b: number, orMissing: boolean): [FeatureCondition, FeatureCondition] {
  const feature = fb.feature;
  const missing = orMissing ? { orMissing: true } : {};
  const value = fb.categories[b];
  if (value !== null) return [condition({ feature, op: 'in', values: [value] }), condition({ feature, op: 'not in', values: [value], ...missing })];
  const named = fb.categories.filter((c): c is string => c !== null);
  return [condition({ feature, op: 'not in', values: named }), condition({ feature, op: 'in', values: named, ...missing })];
}
