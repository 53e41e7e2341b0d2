// "Export Experiment Script": the same experiment as a self-contained PyTorch script for a GPU,
// writing the same results file. The plan (architecture, width laws, prediction, settings) is
// embedded as JSON; the script holds no reference to this repository.

import { defaultSettings } from './plan';
import { PYTORCH_TEMPLATE } from './pytorchTemplate';
import type { ExperimentPlan, ExperimentSettings } from '../types';

/**
 * The settings of `--quick` in the script: the quick mode's sizes (its d, seeds and width budget)
 * with the plan's method (kappa, integrator), as `--quick` on the command line keeps them. The script
 * leaves out, and says, the d whose widths exceed the budget (it wrote the plan's list of those).
 */
function quickSettings(plan: ExperimentPlan): ExperimentSettings {
  return { ...defaultSettings('quick'), kappa: plan.settings.kappa, integrator: plan.settings.integrator };
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
