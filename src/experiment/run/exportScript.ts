// "Export Experiment Script": the same experiment as a self-contained PyTorch script for a GPU,
// writing the same results file. The plan (architecture, width laws, prediction, settings) is
// embedded as JSON; the script holds no reference to this repository.

import { defaultSettings } from './plan';
import { PYTORCH_TEMPLATE } from './pytorchTemplate';
import type { ExperimentPlan, ExperimentSettings } from '../types';
import { widthsAt } from '../widths';

/** The settings of `--quick` in the script: the quick mode's defaults, within the plan's width budget. */
function quickSettings(plan: ExperimentPlan): ExperimentSettings {
  const q = { ...defaultSettings('quick'), kappa: plan.settings.kappa };
  return { ...q, dims: q.dims.filter((d) => Object.values(widthsAt(plan, d)).every((n) => n <= q.maxWidth)) };
}

export function exportScript(plan: ExperimentPlan, producer: string): string {
  const { settings, ...rest } = plan;
  const embedded = { ...rest, settings: { ...settings, threads: 1 } };
  const fill: Record<string, () => string> = {
    PLAN: () => JSON.stringify(embedded, null, 1),
    QUICK: () => JSON.stringify(quickSettings(plan)),
    PRODUCER: () => producer.replace(/["\\\n]/g, ' '),
  };
  // One pass: what is put in is not searched again (a model named __QUICK__ had the quick settings
  // written into the plan's JSON, and the script did not load).
  return PYTORCH_TEMPLATE.replace(/__(PLAN|QUICK|PRODUCER)__/g, (_, key: string) => fill[key]());
}
