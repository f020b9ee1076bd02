// The composer's model and effort pickers, fed by model/list: the catalog's
// models by their display names, the thread's own model kept even when the
// catalog does not know it, and only the efforts the chosen model supports.
import type { ClientRequestResult, ReasoningEffort } from '../../shared/protocol/types.js';
import { KNOWN_MODELS, REASONING_EFFORTS } from './turnOptions.js';

export type ListedModel = ClientRequestResult<'model/list'>['data'][number];

export interface ModelChoice {
  value: string;
  label: string;
}

/** What the Model picker offers: model/list's models (or the built-in names until it answered), plus `current`. */
export function modelChoices(models: readonly ListedModel[] | null, current: string): ModelChoice[] {
  const choices: ModelChoice[] = models ? models.map((m) => ({ value: m.model, label: m.displayName })) : KNOWN_MODELS.map((m) => ({ value: m, label: m }));
  const name = current.trim();
  if (name && !choices.some((c) => c.value === name)) choices.unshift({ value: name, label: name });
  return choices;
}

/** The efforts `model` supports, in the picker's order; every effort when model/list does not know it. */
export function effortChoices(models: readonly ListedModel[] | null, model: string): readonly ReasoningEffort[] {
  const listed = models?.find((m) => m.model === model);
  if (!listed) return REASONING_EFFORTS;
  const supported = new Set(listed.supportedReasoningEfforts.map((e) => e.reasoningEffort));
  return REASONING_EFFORTS.filter((e) => supported.has(e));
}
