// `update_plan`: the model's checklist, shown as a todo list / plan view.
import type { ToolSpec } from '../model/types.js';
import type { TurnPlanStep } from '../../../shared/protocol/types.js';

export const UPDATE_PLAN_TOOL: ToolSpec = {
  type: 'function',
  name: 'update_plan',
  description:
    'Updates the task plan.\nProvide an optional explanation and a list of plan items, each with a step and status.\nAt most one step can be in_progress at a time.',
  strict: false,
  parameters: {
    type: 'object',
    properties: {
      explanation: { type: 'string' },
      plan: {
        type: 'array',
        description: 'The list of steps',
        items: {
          type: 'object',
          properties: {
            step: { type: 'string' },
            status: { type: 'string', description: 'One of: pending, in_progress, completed' },
          },
          required: ['step', 'status'],
          additionalProperties: false,
        },
      },
    },
    required: ['plan'],
    additionalProperties: false,
  },
};

const STATUS: Record<string, TurnPlanStep['status']> = {
  pending: 'pending',
  in_progress: 'inProgress',
  inProgress: 'inProgress',
  completed: 'completed',
};

export interface ParsedPlan {
  explanation: string | null;
  plan: TurnPlanStep[];
}

/** Validates update_plan arguments; throws with a message the model can act on. */
export function parsePlanArgs(args: unknown): ParsedPlan {
  if (!args || typeof args !== 'object') throw new Error('failed to parse function arguments: expected an object');
  const a = args as { explanation?: unknown; plan?: unknown };
  if (!Array.isArray(a.plan)) throw new Error('failed to parse function arguments: missing field `plan`');
  const plan = a.plan.map((p, i) => {
    const step = (p as { step?: unknown })?.step;
    const status = STATUS[String((p as { status?: unknown })?.status)];
    if (typeof step !== 'string' || !status)
      throw new Error(`failed to parse function arguments: plan[${i}] needs a step and a status of pending, in_progress or completed`);
    return { step, status };
  });
  if (plan.filter((p) => p.status === 'inProgress').length > 1) throw new Error('at most one step can be in_progress at a time');
  return { explanation: typeof a.explanation === 'string' ? a.explanation : null, plan };
}
