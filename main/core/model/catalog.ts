// The models offered by model/list: Codex 0.169's bundled catalog (slugs,
// names, default efforts as its model/list reports them), plus the configured
// model when it is not one of them (a local or custom provider's model).
import type { ReasoningEffort } from '../../../shared/protocol/types.js';

export interface CatalogModel {
  slug: string;
  displayName: string;
  description: string;
  hidden: boolean;
  defaultEffort: ReasoningEffort;
  /** Efforts beyond xhigh (max, ultra) are left out: turn/start here accepts none … xhigh. */
  efforts: ReasoningEffort[];
}

const FULL: ReasoningEffort[] = ['low', 'medium', 'high', 'xhigh'];

export const MODEL_CATALOG: CatalogModel[] = [
  {
    slug: 'gpt-6.1-sol',
    displayName: 'GPT-6.1-Sol',
    description: 'Latest workhorse model for coding and everyday work.',
    hidden: false,
    defaultEffort: 'low',
    efforts: FULL,
  },
  {
    slug: 'gpt-6-astra',
    displayName: 'GPT-6-Astra',
    description: 'Frontier intelligence for the most demanding work.',
    hidden: false,
    defaultEffort: 'low',
    efforts: FULL,
  },
  { slug: 'gpt-6-sol', displayName: 'GPT-6-Sol', description: 'Previous generation workhorse model.', hidden: false, defaultEffort: 'medium', efforts: FULL },
  {
    slug: 'gpt-6-luna',
    displayName: 'GPT-6-Luna',
    description: 'Fast and affordable model for easier tasks.',
    hidden: false,
    defaultEffort: 'medium',
    efforts: FULL,
  },
  { slug: 'gpt-5.6-sol', displayName: 'GPT-5.6-Sol', description: 'Older generation workhorse model.', hidden: false, defaultEffort: 'low', efforts: FULL },
  { slug: 'gpt-6.1-terra', displayName: 'GPT-6.1 Terra', description: 'GPT-6.1 Terra Codex model.', hidden: false, defaultEffort: 'low', efforts: FULL },
  {
    slug: 'gpt-5.6-terra',
    displayName: 'GPT-5.6-Terra',
    description: 'Older balanced model for straightforward work.',
    hidden: false,
    defaultEffort: 'medium',
    efforts: FULL,
  },
  { slug: 'gpt-5.6-luna', displayName: 'GPT-5.6-Luna', description: 'Older fast and efficient model.', hidden: false, defaultEffort: 'medium', efforts: FULL },
  { slug: 'gpt-5.5', displayName: 'GPT-5.5', description: 'Legacy coding model.', hidden: false, defaultEffort: 'medium', efforts: FULL },
  {
    slug: 'codex-auto-review',
    displayName: 'Codex Auto Review',
    description: 'Automatic approval review model for Codex.',
    hidden: true,
    defaultEffort: 'medium',
    efforts: FULL,
  },
];

export const EFFORT_DESCRIPTIONS: Record<ReasoningEffort, string> = {
  none: 'No reasoning',
  minimal: 'Minimal reasoning',
  low: 'Fast responses with lighter reasoning',
  medium: 'Balances speed and reasoning depth for everyday tasks',
  high: 'Greater reasoning depth for complex problems',
  xhigh: 'Extra high reasoning depth for complex problems',
};

/** The catalog as a picker should show it: the configured model first when it is not a catalog model. */
export function modelsFor(configuredModel: string): CatalogModel[] {
  if (MODEL_CATALOG.some((m) => m.slug === configuredModel)) return MODEL_CATALOG;
  const custom: CatalogModel = {
    slug: configuredModel,
    displayName: configuredModel,
    description: 'The model set in config.toml.',
    hidden: false,
    defaultEffort: 'medium',
    efforts: FULL,
  };
  return [custom, ...MODEL_CATALOG];
}
