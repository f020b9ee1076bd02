// Dispatches the model's tool calls to their handlers and turns each into the
// item the model gets back (function_call_output / custom_tool_call_output)
// and the thread items front ends show.
import { EXEC_COMMAND_TOOL, WRITE_STDIN_TOOL } from './execToolSpecs.js';
import { APPLY_PATCH_TOOL, parseApplyPatchShellScript } from './applyPatch/index.js';
import { UPDATE_PLAN_TOOL, parsePlanArgs } from './updatePlanTool.js';
import { loadImageAsContent } from './viewImage.js';
import { resolve } from 'node:path';
import type { ContentItem, ResponseItem, ToolSpec } from '../model/types.js';
import type { ToolContext } from './context.js';
import { runExecCommand, runWriteStdin } from './execTool.js';
import { parseExecCommandArgs, parseWriteStdinArgs } from '../exec/toolArgs.js';
import { runApplyPatch } from './patchTool.js';
import { abortedCallOutput } from './abortedCallOutput.js';

export const VIEW_IMAGE_TOOL: ToolSpec = {
  type: 'function',
  name: 'view_image',
  description: 'View a local image file from the filesystem when visual inspection is needed. Use this for images already available on disk.',
  strict: false,
  parameters: {
    type: 'object',
    properties: { path: { type: 'string', description: 'Local filesystem path to an image file.' } },
    required: ['path'],
    additionalProperties: false,
  },
};

/** The tools offered to the model, in Codex 0.169's order. */
export function builtinTools(opts: { includePlanTool: boolean }): ToolSpec[] {
  const tools: ToolSpec[] = [EXEC_COMMAND_TOOL, WRITE_STDIN_TOOL];
  if (opts.includePlanTool) tools.push(UPDATE_PLAN_TOOL);
  tools.push(APPLY_PATCH_TOOL, VIEW_IMAGE_TOOL);
  return tools;
}

export type ToolCall =
  { kind: 'function'; name: string; namespace?: string; arguments: string; callId: string } | { kind: 'custom'; name: string; input: string; callId: string };

export function toolCallFromItem(item: ResponseItem): ToolCall | undefined {
  if (item.type === 'function_call') return { kind: 'function', name: item.name, namespace: item.namespace, arguments: item.arguments, callId: item.call_id };
  if (item.type === 'custom_tool_call') return { kind: 'custom', name: item.name, input: item.input, callId: item.call_id };
  return undefined;
}

function output(call: ToolCall, text: string | ContentItem[]): ResponseItem {
  if (call.kind === 'custom') {
    return { type: 'custom_tool_call_output', call_id: call.callId, output: typeof text === 'string' ? text : JSON.stringify(text) };
  }
  return { type: 'function_call_output', call_id: call.callId, output: text };
}

function qualifiedName(call: ToolCall): string {
  return call.kind === 'function' && call.namespace ? `${call.namespace}.${call.name}` : call.name;
}

function parseArgs(call: ToolCall): unknown {
  if (call.kind === 'custom') return { input: call.input };
  try {
    return call.arguments.trim() ? JSON.parse(call.arguments) : {};
  } catch (err) {
    throw new Error(`failed to parse function arguments: ${(err as Error).message}`);
  }
}

/** Runs one tool call to completion and returns what the model sees. Never throws. */
export async function dispatchToolCall(call: ToolCall, ctx: ToolContext): Promise<ResponseItem> {
  const started = Date.now();
  const result = await runToolCall(call, ctx);
  // An interrupted call reads as Codex's "aborted by user", whatever the tool made of its cancellation.
  if (ctx.signal.aborted) return output(call, abortedCallOutput(qualifiedName(call), Date.now() - started));
  return result;
}

async function runToolCall(call: ToolCall, ctx: ToolContext): Promise<ResponseItem> {
  try {
    const qualified = qualifiedName(call);
    if (call.kind === 'function' && call.namespace) {
      const mcp = ctx.externalTools?.get(call.namespace, call.name);
      if (mcp) return output(call, await mcp(parseArgs(call), ctx, call.callId));
      return output(call, `unsupported call: ${qualified}`);
    }
    switch (call.name) {
      case 'exec_command': {
        // Codex's own argument errors ("missing field `cmd` at line 1 column N").
        const args = parseExecCommandArgs(call.kind === 'function' ? call.arguments : JSON.stringify({ cmd: call.input }));
        // Older models send patches through the shell (`apply_patch <<'EOF' … EOF`): intercept them.
        const intercepted = parseApplyPatchShellScript(args.cmd);
        if (intercepted) {
          const workdir = intercepted.workdir ? resolve(args.workdir ? resolve(ctx.cwd, args.workdir) : ctx.cwd, intercepted.workdir) : args.workdir;
          return output(call, await runApplyPatch(intercepted.patch, ctx, call.callId, workdir));
        }
        return output(call, await runExecCommand(args, ctx, call.callId));
      }
      case 'write_stdin':
        return output(call, await runWriteStdin(parseWriteStdinArgs(call.kind === 'function' ? call.arguments : '{}'), ctx));
      case 'apply_patch': {
        const input = call.kind === 'custom' ? call.input : String((parseArgs(call) as { input?: unknown }).input ?? '');
        return output(call, await runApplyPatch(input, ctx, call.callId));
      }
      case 'update_plan': {
        const plan = parsePlanArgs(parseArgs(call));
        ctx.host.notify('turn/plan/updated', { threadId: ctx.threadId, turnId: ctx.turnId, explanation: plan.explanation, plan: plan.plan });
        return output(call, 'Plan updated');
      }
      case 'view_image': {
        const args = parseArgs(call) as { path?: unknown };
        if (typeof args.path !== 'string') throw new Error('failed to parse function arguments: missing field `path`');
        const { abs, content } = await loadImageAsContent(args.path, ctx.cwd);
        ctx.emitCompleted({ type: 'imageView', id: call.callId, path: abs });
        return output(call, [content]);
      }
      default: {
        const ext = ctx.externalTools?.get(undefined, call.name);
        if (ext) return output(call, await ext(parseArgs(call), ctx, call.callId));
        return output(call, `unsupported call: ${call.name}`);
      }
    }
  } catch (err) {
    return output(call, (err as Error).message);
  }
}
